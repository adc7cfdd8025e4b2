package std_test

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/interp/generic/std"
	"github.com/gokernel/gokernel/interp/prepare"
)

// notInCells are the exported generic declarations of the standard library that cells
// cannot use, with the reason; TestEveryGenericDeclaration fails on any other that the
// library lacks, so a new Go release's additions are caught.
var notInCells = map[string]string{
	"weak.Pointer":       "weak pointers need the garbage collector to track the pointed-to object, and the interpreter's values are held by its frames",
	"weak.Make":          "weak pointers need the garbage collector to track the pointed-to object, and the interpreter's values are held by its frames",
	"runtime.AddCleanup": "cleanups are the runtime's, attached to compiled objects",
	"database/sql.Null":  "its Scan converts through database/sql's unexported convertAssign, which code outside the package cannot reach",
}

// byInterpreter are generic types the interpreter declares itself (its iter package,
// interp/generic) rather than the kernel: compiled code (strings.SplitSeq) returns
// them, so they must stay one type.
var byInterpreter = map[string]bool{"iter.Seq": true, "iter.Seq2": true}

func TestEveryGenericDeclaration(t *testing.T) {
	taken := map[string]bool{}
	for _, p := range std.Packages() {
		for _, d := range p.Decls {
			if d.Generic {
				taken[d.Name] = true
			}
		}
	}
	var missing, stale []string
	for _, g := range genericDeclarations(t) {
		path, name, _ := strings.Cut(g, " ")
		key := path + "." + name
		switch {
		case taken[prepare.LibraryName(path, name)]:
			if _, ok := notInCells[key]; ok {
				stale = append(stale, key)
			}
		case byInterpreter[key], notInCells[key] != "":
		default:
			missing = append(missing, key)
		}
	}
	if len(missing) > 0 {
		t.Errorf("generic declarations of the standard library that cells cannot use, and notInCells does not explain (add them to the generator's specs, interp/generic/std/gen):\n\t%s", strings.Join(missing, "\n\t"))
	}
	if len(stale) > 0 {
		t.Errorf("taken, but listed in notInCells: %v", stale)
	}
}

// genericDeclarations lists "path Name" for every exported generic function and type
// of the standard library this toolchain builds by default.
func genericDeclarations(t *testing.T) []string {
	root := filepath.Join(build.Default.GOROOT, "src")
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		base := filepath.Base(rel)
		if rel != "." && (base == "internal" || base == "testdata" || base == "vendor" || strings.HasPrefix(rel, "cmd") || strings.HasPrefix(base, "_") || strings.HasPrefix(base, ".")) {
			return filepath.SkipDir
		}
		bp, err := build.Default.ImportDir(p, 0)
		if err != nil || bp.Name == "main" || bp.Name == "" {
			return nil // no package for this platform and the default tags (arena, json/v2)
		}
		for _, name := range bp.GoFiles {
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() && d.Type.TypeParams != nil {
						out = append(out, filepath.ToSlash(rel)+" "+d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.IsExported() && ts.TypeParams != nil {
							out = append(out, filepath.ToSlash(rel)+" "+ts.Name.Name)
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 60 {
		t.Fatalf("found only %d generic declarations in %s: is this the standard library?", len(out), root)
	}
	sort.Strings(out)
	return out
}
