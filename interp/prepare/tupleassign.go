package prepare

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"strings"
)

// Tuple assignments through temporaries. yaegi v0.16.1 gets a tuple assignment with =
// wrong when its right side mixes function calls with other operands: a, b = 5, f()
// assigned only f()'s result and left a as it was (i, total = next(i), total+i in a
// loop silently summed nothing). A := declaration of the same operands is right, so
// the values go through new variables first, in a block of its own on the same line:
//
//	lo, hi = hi, next(lo)
//	{ gktᐸ1ᐳ0, gktᐸ1ᐳ1 := hi, next(lo); lo, hi = gktᐸ1ᐳ0, gktᐸ1ᐳ1 }
//
// An untyped operand is converted to its variable's type (a, b = 5, f() with a
// float64 declares a float64). The operands of index expressions on the left are then
// evaluated after the right side, not before it: only a call on the right that changes
// them could tell.

const tupleTempPrefix = "gkt" + instanceOpen

// mayMixTupleAssign is the cheap test for such a statement: a comma before an = and
// a parenthesis after it, in one statement.
func mayMixTupleAssign(code string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	comma, assign := false, false
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return false
		case token.SEMICOLON, token.LBRACE, token.RBRACE:
			comma, assign = false, false
		case token.COMMA:
			comma = comma || !assign
		case token.ASSIGN:
			assign = comma
		case token.LPAREN:
			if assign {
				return true
			}
		}
	}
}

// isCall reports whether e is a call of a function (not a conversion), as yaegi
// counts calls in an assignment.
func (r *monoRound) isCall(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && !r.info.Types[c.Fun].IsType()
}

// tupleAssigns returns the edits that rewrite the cell's mixed tuple assignments.
func (r *monoRound) tupleAssigns() (cellEdits []edit) {
	ast.Inspect(r.file, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		calls := 0
		for _, e := range as.Rhs {
			if r.isCall(e) {
				calls++
			}
		}
		if calls == 0 || calls == len(as.Rhs) {
			return true
		}
		e, ok := r.cellStatementEdit(as, "tuple assignment", func() (string, error) { return r.tupleAssignRewrite(as) })
		if !ok {
			return true
		}
		cellEdits = append(cellEdits, e)
		return false
	})
	return cellEdits
}

func (r *monoRound) tupleAssignRewrite(as *ast.AssignStmt) (string, error) {
	r.m.tuples++
	k := fmt.Sprintf("%s%d%s", tupleTempPrefix, r.m.tuples, instanceClose)
	text := func(n ast.Node) string { return r.text[r.offset(n.Pos()):r.offset(n.End())] }
	var temps, vals, lhs []string
	for i, e := range as.Rhs {
		t := fmt.Sprintf("%s%d", k, i)
		val := text(e)
		if b, ok := r.info.TypeOf(e).(*types.Basic); ok && b.Info()&types.IsUntyped != 0 || r.info.Types[e].IsNil() {
			lt := r.info.TypeOf(as.Lhs[i])
			if lt == nil { // the blank identifier: the operand's default type
				if r.info.Types[e].IsNil() {
					val = "any(nil)"
				}
			} else {
				tt, err := r.typeText(lt)
				if err != nil {
					return "", err
				}
				val = tt + "(" + val + ")"
			}
		}
		temps, vals, lhs = append(temps, t), append(vals, val), append(lhs, text(as.Lhs[i]))
	}
	out := "{ " + strings.Join(temps, ", ") + " := " + strings.Join(vals, ", ") + "; " + strings.Join(lhs, ", ") + " = " + strings.Join(temps, ", ") + " }"
	if missing := strings.Count(text(as), "\n") - strings.Count(out, "\n"); missing > 0 {
		out += strings.Repeat("\n", missing)
	}
	return out, nil
}
