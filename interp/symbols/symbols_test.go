package symbols

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// standardPackages are the standard packages the go:generate lines of symbols.go
// extract (yaegi's own tables of them are of an older Go).
var standardPackages = []string{"strings", "bytes", "encoding", "encoding/binary", "hash", "io/fs", "log/slog",
	"math/rand/v2", "path/filepath", "sync/atomic", "unicode/utf16", "crypto/rand", "runtime"}

// TestStandardPackagesComplete enumerates, from the source of the toolchain's standard
// library, every exported non-generic function, type, variable and constant of the
// standard packages this package regenerates, and checks the table has each: a Go
// release that adds to them fails here until `go generate ./interp/symbols` is run.
func TestStandardPackagesComplete(t *testing.T) {
	for _, path := range standardPackages {
		pkg, err := build.Default.Import(path, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		table := Symbols[path+"/"+pkg.Name]
		if table == nil {
			t.Fatalf("no table for %s", path)
		}
		fset := token.NewFileSet()
		var missing []string
		for _, name := range pkg.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() && d.Type.TypeParams == nil {
						if _, ok := table[d.Name.Name]; !ok {
							missing = append(missing, d.Name.Name)
						}
					}
				case *ast.GenDecl:
					for _, spec := range d.Specs {
						var names []*ast.Ident
						switch s := spec.(type) {
						case *ast.TypeSpec:
							if s.TypeParams == nil {
								names = []*ast.Ident{s.Name}
							}
						case *ast.ValueSpec:
							names = s.Names
						}
						for _, n := range names {
							if _, ok := table[n.Name]; n.IsExported() && !ok {
								missing = append(missing, n.Name)
							}
						}
					}
				}
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: not in the table: %v; run go generate ./interp/symbols", path, missing)
		}
	}
}
