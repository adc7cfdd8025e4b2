package prepare

import (
	"go/ast"
	"go/token"
	"strings"
)

// zeroNamedResults makes every function with named results set them to their zero
// values first. Go guarantees they start at zero; yaegi v0.16.1 stores a call's results
// straight into the variable a plain assignment targets, so in
//
//	func f() (out []string) { out = append(out, "x"); return }
//	got = f()
//	got = f()
//
// out starts as got's old value and the second call returns [x x]. An explicit
//
//	func f() (out []string) { out = *new([]string); ...
//
// restores Go's meaning; it is inserted after the body's opening brace, on its line.
func zeroNamedResults(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		var ft *ast.FuncType
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			ft, body = n.Type, n.Body
		case *ast.FuncLit:
			ft, body = n.Type, n.Body
		default:
			return true
		}
		if body == nil || ft.Results == nil {
			return true
		}
		var names, zeros []string
		// In the body a parameter or result may hide a name the result types use
		// (url *url.URL): then the types cannot be written there, and nothing is.
		declared := map[string]bool{}
		for _, list := range []*ast.FieldList{ft.Params, ft.Results} {
			if list != nil {
				for _, field := range list.List {
					for _, name := range field.Names {
						declared[name.Name] = true
					}
				}
			}
		}
		for _, field := range ft.Results.List {
			typ := src[field.Type.Pos()-1 : field.Type.End()-1]
			hidden := strings.Contains(typ, "\n")
			ast.Inspect(field.Type, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && declared[id.Name] {
					hidden = true
				}
				return !hidden
			})
			if hidden || declared["new"] {
				return true // (a parameter named new hides the builtin the zero is written with)
			}
			for _, name := range field.Names {
				if name.Name != "_" {
					names = append(names, name.Name)
					zeros = append(zeros, "*new("+typ+")")
				}
			}
		}
		if len(names) > 0 {
			p := at(body.Lbrace) + 1
			edits = append(edits, edit{p, p, " " + strings.Join(names, ", ") + " = " + strings.Join(zeros, ", ") + ";"})
		}
		return true
	})
	return edits
}
