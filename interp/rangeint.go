package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"
)

// rewriteRangeOverInt turns Go 1.22's `for i := range n` over an integer into the
// three-clause loop yaegi v0.16.1 can run (it fails with "nil type"). Whether n is an
// integer is read from the syntax: an integer literal, len or cap, an integer
// conversion, arithmetic on those, a session variable of integer kind, or a name the
// cell sets from one of these. n is evaluated once, as in Go.
func (s *Session) rewriteRangeOverInt(code string) string {
	if !strings.Contains(code, "range") {
		return code
	}
	items, err := splitItems(code)
	if err != nil {
		return code
	}
	ints := map[string]bool{}
	for name, v := range s.globals() {
		if v.IsValid() && isIntKind(v.Kind()) {
			ints[name] = true
		}
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for _, it := range items {
		text := code[it.start:it.end]
		prefix := "package p;"
		if it.kind == stmtChunk {
			prefix = "package p; func _() {"
		}
		src := prefix + text
		if it.kind == stmtChunk {
			src += "\n}"
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		base := it.start - len(prefix) - 1 // token.Pos p is at code offset base+p
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
				v := "gkRangeI"
				if id, ok := n.Key.(*ast.Ident); ok && id.Name != "_" {
					v = id.Name
				}
				header := "for " + v + ", gkRangeN := 0, " + x + "; " + v + " < gkRangeN; " + v + "++ "
				edits = append(edits, edit{base + int(n.For), base + int(n.Body.Lbrace), header})
			}
			return true
		})
	}
	if len(edits) == 0 {
		return code
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	for _, e := range edits {
		code = code[:e.start] + e.text + code[e.end:]
	}
	return code
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

func isIntKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Uintptr
}
