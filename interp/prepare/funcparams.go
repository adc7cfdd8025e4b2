package prepare

import (
	"go/ast"
	"go/token"
	"strings"
)

// unnamedVarFuncParams drops the parameter and result names of the function types in
// a top-level var declaration's type, which say nothing about the type:
//
//	var walk func(t *tree) []int
//	var walk func(*tree) []int
//
// yaegi v0.16.1 resolves such a name as the session variable of that name when there
// is one (t := &tree{...} before it), and fails with "variable definition loop".
// A type that spans lines is left as it is (the rewrite keeps each line).
func unnamedVarFuncParams(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	text := func(n ast.Node) string { return src[n.Pos()-1 : n.End()-1] }
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if vs.Type == nil || strings.Contains(text(vs.Type), "\n") {
				continue
			}
			ast.Inspect(vs.Type, func(n ast.Node) bool {
				ft, ok := n.(*ast.FuncType)
				if !ok {
					return true
				}
				for _, list := range []*ast.FieldList{ft.Params, ft.Results} {
					if list == nil || !hasNames(list) {
						continue
					}
					var types []string
					for _, field := range list.List {
						for range max(1, len(field.Names)) {
							types = append(types, text(field.Type))
						}
					}
					repl := strings.Join(types, ", ")
					if list.Opening.IsValid() {
						repl = "(" + repl + ")"
					}
					edits = append(edits, edit{at(list.Pos()), at(list.End()), repl})
				}
				return false // a func type inside a parameter's type is rewritten with it
			})
		}
	}
	return edits
}

// hasNames reports whether a field list names its fields.
func hasNames(list *ast.FieldList) bool {
	for _, field := range list.List {
		if len(field.Names) > 0 {
			return true
		}
	}
	return false
}
