package prepare

import (
	"go/ast"
	"go/token"
)

// recoveredValues passes the value of every recover() call through __gk.Recovered:
// yaegi v0.16.1's recover returns the panic's value wrapped in a reflect.Value
// (recover() after panic("boom") printed as reflect.Value with %T, and asserted to
// nothing), and Recovered takes it out. recover() stays called directly by the
// deferred function, as Go requires for it to stop the panic:
//
//	r := recover()
//	r := __gk.Recovered(recover())
//
// defer recover() is left as it is: it has no value.
func recoveredValues(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	deferred := map[*ast.CallExpr]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.DeferStmt:
			deferred[n.Call] = true
		case *ast.GoStmt:
			deferred[n.Call] = true
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "recover" && len(n.Args) == 0 && !deferred[n] {
				edits = append(edits, edit{at(n.Pos()), at(n.Pos()), RuntimeAlias + ".Recovered("}, edit{at(n.End()), at(n.End()), ")"})
			}
		}
		return true
	})
	return edits
}
