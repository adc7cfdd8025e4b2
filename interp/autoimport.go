package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"sort"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// preferredPackages settles the package names that more than one importable package
// has: the general-purpose package wins, and for the ML vocabulary the project's own.
// Any other name resolves by the rule in symbolTable.add (shortest path). An explicit
// import in a cell always wins over both.
var preferredPackages = map[string]string{
	"rand":     "math/rand",
	"template": "text/template",
	"scanner":  "text/scanner",
	"pprof":    "runtime/pprof",
	"draw":     "image/draw",
	"metrics":  "github.com/gokernel/gokernel/mllib/metrics",
	"constant": "go/constant",
	"parser":   "go/parser",
	"token":    "go/token",
}

// autoImports returns the imports a cell needs but does not write, as goimports
// would add them: package names used as the base of a selector (strings.Fields) that
// nothing in the cell or the session declares.
func (s *Session) autoImports(code string) map[string]string {
	chunks, err := prepare.SplitCell(prepare.TrailingListAsCall(code))
	if err != nil {
		return nil // the compile error is reported by Execute
	}
	globals := s.globals()
	needed := map[string]string{}
	fset := token.NewFileSet()
	// The cell's own imports count for every chunk of it.
	cellImports := map[string]bool{}
	for _, c := range chunks {
		if f, err := parser.ParseFile(fset, "", "package p;"+c.Src, parser.ImportsOnly); err == nil {
			for _, spec := range f.Imports {
				if p, err := strconv.Unquote(spec.Path.Value); err == nil {
					cellImports[s.importName(spec, p)] = true
				}
			}
		}
	}
	// A name any chunk of the cell declares (var list *Node, then list.Len() in a
	// later statement) is the cell's, not a package's.
	var files []*ast.File
	declared := map[string]bool{}
	for _, c := range chunks {
		src := "package p;" + c.Src
		if c.Kind == prepare.StmtChunk {
			src = "package p; func _() {" + c.Src + "\n}"
		}
		f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		files = append(files, f)
		maps.Copy(declared, boundNames(f))
	}
	for _, f := range files {
		for _, name := range unresolvedSelectorBases(f, declared) {
			if _, ok := s.imports[name]; ok || cellImports[name] {
				continue
			}
			if _, ok := globals[name]; ok {
				continue
			}
			if p := s.packageFor(name); p != "" {
				needed[name] = p
			}
		}
	}
	return needed
}

// packageFor is the import path auto-import uses for a package name.
func (s *Session) packageFor(name string) string {
	if p, ok := preferredPackages[name]; ok {
		if _, exported := s.symbols.byPath[p]; exported {
			return p
		}
	}
	if paths := s.symbols.byName[name]; len(paths) > 0 {
		return paths[0]
	}
	return ""
}

// importSource renders imports as one import declaration, sorted for stable output.
func importSource(imports map[string]string) string {
	names := make([]string, 0, len(imports))
	for n := range imports {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("import (")
	for i, n := range names {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %q", n, imports[n])
	}
	b.WriteString(")")
	return b.String()
}

// unresolvedSelectorBases lists the identifiers X of selectors X.Sel in f that are not
// declared (see boundNames).
func unresolvedSelectorBases(f *ast.File, declared map[string]bool) []string {
	seen := map[string]bool{}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && !declared[id.Name] && !seen[id.Name] {
			seen[id.Name] = true
			out = append(out, id.Name)
		}
		return true
	})
	return out
}

// boundNames lists the names a declaration in f binds: a top-level name, a parameter,
// a local variable.
func boundNames(f *ast.File) map[string]bool {
	declared := map[string]bool{}
	// Names bound anywhere in the file: a deliberately coarse scope model that can
	// only err towards not importing, which the user then sees as "undefined".
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv == nil {
				declared[n.Name.Name] = true
			}
		case *ast.TypeSpec:
			declared[n.Name.Name] = true
		case *ast.ValueSpec:
			for _, id := range n.Names {
				declared[id.Name] = true
			}
		case *ast.Field:
			for _, id := range n.Names {
				declared[id.Name] = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						declared[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						declared[id.Name] = true
					}
				}
			}
		case *ast.ImportSpec:
			if n.Name != nil {
				declared[n.Name.Name] = true
			} else if p := strings.Trim(n.Path.Value, `"`); p != "" {
				declared[p[strings.LastIndexByte(p, '/')+1:]] = true
			}
		}
		return true
	})
	return declared
}
