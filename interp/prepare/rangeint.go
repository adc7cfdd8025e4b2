package prepare

import (
	"go/ast"
	"go/token"
	"strings"
)

// rangeOverInt is the syntax pass that turns Go 1.22's `for i := range n` over an
// integer into the three-clause loop yaegi v0.16.1 can run (it fails with "nil type").
// Whether n is an integer is read from the syntax: an integer literal, len or cap, an
// integer conversion, arithmetic on those, a session variable of integer kind, or a
// name the cell sets from one of these earlier in the cell (the pass sees the items in
// order). n is evaluated once, as in Go. Cells without "range" skip it, and the session
// variables are only looked at for cells with one.
func rangeOverInt(code string, intVars func() map[string]bool, rewritten map[*ast.RangeStmt]bool) syntaxPass {
	if !strings.Contains(code, "range") || intVars == nil {
		return func(string, *ast.File, func(token.Pos) int) []edit { return nil }
	}
	ints := intVars()
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		var edits []edit
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && isIntExpr(n.Rhs[i], ints) {
							ints[id.Name] = true
						}
					}
				}
			case *ast.Field:
				if t, ok := n.Type.(*ast.Ident); ok && isIntKindName(t.Name) {
					for _, id := range n.Names {
						ints[id.Name] = true
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if t, ok := n.Type.(*ast.Ident); ok && isIntKindName(t.Name) || i < len(n.Values) && isIntExpr(n.Values[i], ints) {
						ints[id.Name] = true
					}
				}
			case *ast.RangeStmt:
				if n.Value != nil || n.Tok == token.ASSIGN || !isIntExpr(n.X, ints) {
					return true
				}
				x := src[int(n.X.Pos())-1 : int(n.X.End())-1]
				zero := rangeIntZero(n.X, x)
				header := "for gkRangeI, gkRangeN := " + zero + ", " + x + "; gkRangeI < gkRangeN; gkRangeI++ "
				edits = append(edits, edit{at(n.For), at(n.Body.Lbrace), header})
				rewritten[n] = true
				// Each iteration has its own i (Go 1.22), which the body may change
				// without changing the count, unless the body declares i itself.
				if id, ok := n.Key.(*ast.Ident); ok && id.Name != "_" && !declaredIn(n.Body, id.Name) {
					edits = append(edits, edit{at(n.Body.Lbrace) + 1, at(n.Body.Lbrace) + 1, " " + id.Name + " := gkRangeI;"})
				} else if ok && id.Name != "_" {
					header = "for " + id.Name + ", gkRangeN := " + zero + ", " + x + "; " + id.Name + " < gkRangeN; " + id.Name + "++ "
					edits[len(edits)-1].repl = header
				}
			}
			return true
		})
		return edits
	}
}

// rangeIntZero is the counter's start for a range over x (text xText): a zero of x's
// type, which need not be int (var n int8; for i := range n counts in int8). A
// variable gives it as x-x (reading a variable twice changes nothing), a conversion as
// T(0); anything else is taken to be an int, or untyped.
func rangeIntZero(x ast.Expr, xText string) string {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return xText + " - " + xText
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && isIntKindName(id.Name) {
			return id.Name + "(0)"
		}
	}
	return "0"
}

// isIntExpr reports whether the syntax of e says it is an integer.
func isIntExpr(e ast.Expr, ints map[string]bool) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Kind == token.INT
	case *ast.Ident:
		return ints[e.Name]
	case *ast.ParenExpr:
		return isIntExpr(e.X, ints)
	case *ast.UnaryExpr:
		return (e.Op == token.SUB || e.Op == token.ADD || e.Op == token.XOR) && isIntExpr(e.X, ints)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.SHL, token.SHR:
			return isIntExpr(e.X, ints)
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			return isIntExpr(e.X, ints) && isIntExpr(e.Y, ints) ||
				isIntExpr(e.X, ints) && isUntypedConst(e.Y) || isUntypedConst(e.X) && isIntExpr(e.Y, ints)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			return id.Name == "len" || id.Name == "cap" || isIntKindName(id.Name)
		}
	}
	return false
}

func isUntypedConst(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.INT
}

func isIntKindName(name string) bool {
	switch name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
		return true
	}
	return false
}
