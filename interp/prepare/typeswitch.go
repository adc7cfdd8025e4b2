package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// typeSwitchesAsAssertions turns type switches into expression switches over type
// assertions. yaegi v0.16.1 matches a type switch case by comparing type names as
// strings ("weak check", says its source): a struct or interface the cell declares
// never matches, `case error` misses every error, and a value of type D int matches
// `case int`. Its comma-ok type assertion gets the first two right, so
//
//	switch v := x.(type) {
//	case A, B:
//	case C:
//
// runs as
//
//	switch gkTS1 := x; {
//	case gkTS1 != nil && func() bool { _, ok := gkTS1.(A); return ok }() || ...: v := gkTS1; _ = v
//	case gkTS1 != nil && func() bool { _, ok := gkTS1.(C); return ok }(): v := gkTS1.(C); _ = v
//
// which keeps Go's meaning (cases tried in order, default last, break leaves the
// switch) and every line of the cell where it was: all insertions stay on the line of
// the header or case they replace. A nil interface value is tested before asserting,
// because yaegi panics asserting nil to an interface type. The counter numbering the
// switches lives as long as the pass, one cell.
func typeSwitchesAsAssertions() syntaxPass {
	n := 0
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		var edits []edit
		labeled := map[ast.Stmt]bool{}
		ast.Inspect(f, func(node ast.Node) bool {
			if l, ok := node.(*ast.LabeledStmt); ok {
				labeled[l.Stmt] = true
			}
			ts, ok := node.(*ast.TypeSwitchStmt)
			if !ok || ts.Init != nil && labeled[ts] {
				return true // a label must stay on the switch: no block around it
			}
			var bound string
			var assert *ast.TypeAssertExpr
			switch a := ts.Assign.(type) {
			case *ast.ExprStmt:
				assert, _ = a.X.(*ast.TypeAssertExpr)
			case *ast.AssignStmt:
				if len(a.Lhs) == 1 && len(a.Rhs) == 1 {
					if id, ok := a.Lhs[0].(*ast.Ident); ok {
						bound = id.Name
					}
					assert, _ = a.Rhs[0].(*ast.TypeAssertExpr)
				}
			}
			if assert == nil {
				return true
			}
			n++
			tmp := fmt.Sprintf("gkTS%d", n)
			x := src[assert.X.Pos()-1 : assert.X.End()-1]
			header := "switch " + tmp + " := " + x + "; "
			if ts.Init != nil {
				// switch init; x.(type) becomes { init; switch tmp := x; { ... } }.
				header = "{ " + src[ts.Init.Pos()-1:ts.Init.End()-1] + "; " + header
				edits = append(edits, edit{at(ts.End()), at(ts.End()), " }"})
			}
			edits = append(edits, edit{at(ts.Switch), at(ts.Body.Lbrace), header})
			for _, s := range ts.Body.List {
				cc := s.(*ast.CaseClause)
				var conds []string
				single := ""
				for _, t := range cc.List {
					ttext := src[t.Pos()-1 : t.End()-1]
					if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
						conds = append(conds, tmp+" == nil")
						continue
					}
					conds = append(conds, fmt.Sprintf("%s != nil && func() bool { _, ok := %s.(%s); return ok }()", tmp, tmp, ttext))
					single = ttext
				}
				clause := "default:"
				if len(conds) > 0 {
					clause = "case " + strings.Join(conds, " || ") + ":"
				}
				if bound != "" {
					if len(cc.List) == 1 && single != "" {
						clause += fmt.Sprintf(" %s := %s.(%s); _ = %s;", bound, tmp, single, bound)
					} else {
						clause += fmt.Sprintf(" %s := %s; _ = %s;", bound, tmp, bound)
					}
				}
				edits = append(edits, edit{at(cc.Case), at(cc.Colon) + 1, clause})
			}
			return true
		})
		return edits
	}
}
