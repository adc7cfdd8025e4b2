package prepare

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// selectsOntoReflect rewrites the cell's select statements as a switch over the
// case that the session's select helper (__gk.Select, over reflect.Select) chose:
//
//	select {                          switch gkSel, gkRecv, gkRecvOK := __gk.Select(__gk.SelectRecv(c), __gk.SelectSend(d, &[]T{x}[0])); gkSel {
//	case v, ok := <-c:                case 0: var v E; __gk.SelectReceived(&v, gkRecv); ok := gkRecvOK
//	case d <- x:                      default:
//	}                                 }
//
// yaegi v0.16.1 keeps one list of cases per select statement, not per run of it, and
// fills it with the channels of whichever goroutine runs the statement: when two
// goroutines run the same select at once (a select in a function that several
// goroutines call), one of them waits on the other's channels, and the program hangs
// or computes a wrong result (test/chan/powser1.go and powser2.go of the Go
// distribution). The helper builds its list afresh on each run.
//
// Go evaluates the channel operands and the values to send once, in source order, on
// entering the select: here they are the helper's arguments, in the same order. A
// value to send goes through a composite literal of the channel's element type, so it
// is converted by the rules of assignment, as a send converts it, and by pointer, so
// that it keeps the interpreter's representation of its type. Received values are
// stored the same way into variables of the element type, on the case's line. break
// inside a case leaves the switch as it left the select, and the switch ends a
// function exactly when the select did. Every line stays where it was.
//
// A select is left to yaegi when it has no cases (select {} blocks, interruptibly),
// when an operand spans lines, holds another select, or needs a type the cell cannot
// name (a type declared inside a function, say): the debug log says which.
func (r *monoRound) selectsOntoReflect() (cellEdits []edit, instEdits map[int][]edit) {
	instEdits = map[int][]edit{}
	text := func(n ast.Node) string { return r.text[r.offset(n.Pos()):r.offset(n.End())] }
	ast.Inspect(r.file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectStmt)
		if !ok || len(sel.Body.List) == 0 {
			return true
		}
		edits, err := r.selectEdits(sel, text)
		if err != nil {
			r.m.debug("select left to the interpreter", text(sel), err)
			return true
		}
		// All of the statement's edits belong to one source: the cell, or one instance.
		sp := r.spanOf(r.offset(sel.Pos()), r.offset(sel.End()))
		if sp == nil {
			return true
		}
		for _, e := range edits {
			e.from, e.to = e.from-sp.from+sp.src, e.to-sp.from+sp.src
			if sp.owner < 0 {
				cellEdits = append(cellEdits, e)
			} else {
				instEdits[sp.owner] = append(instEdits[sp.owner], e)
			}
		}
		return true
	})
	return cellEdits, instEdits
}

// selectEdits returns the edits of r.text that rewrite one select statement.
func (r *monoRound) selectEdits(sel *ast.SelectStmt, text func(ast.Node) string) ([]edit, error) {
	var cases, heads []string
	needRecv, needOK := false, false
	// Without a default case, the last case is the switch's default: the helper
	// returns one of the cases' indices, and a switch ends a function only when it
	// has a default, where a select whose cases all return needs none.
	last := len(sel.Body.List) - 1
	for _, stmt := range sel.Body.List {
		if stmt.(*ast.CommClause).Comm == nil {
			last = -1
		}
	}
	for i, stmt := range sel.Body.List {
		cc := stmt.(*ast.CommClause)
		var ch, send ast.Expr
		var lhs []ast.Expr // the variables a receive declares
		switch c := cc.Comm.(type) {
		case nil:
			cases = append(cases, RuntimeAlias+".SelectDefault()")
			heads = append(heads, "default:")
			continue
		case *ast.SendStmt:
			ch, send = c.Chan, c.Value
		case *ast.ExprStmt:
			ch = receivedFrom(c.X)
		case *ast.AssignStmt:
			if c.Tok != token.DEFINE || len(c.Rhs) != 1 {
				// selectRecvIntoVariables made receives into existing variables
				// declarations; one it could not rewrite stays with yaegi.
				return nil, errors.New("a receive into existing variables")
			}
			ch, lhs = receivedFrom(c.Rhs[0]), c.Lhs
		}
		if ch == nil {
			return nil, errors.New("a case that is not a channel operation")
		}
		chType, ok := r.info.TypeOf(ch).Underlying().(*types.Chan)
		if !ok {
			return nil, fmt.Errorf("the operand of case %d is not a channel", i)
		}
		elem, err := r.nameInPlace(chType.Elem())
		if err != nil {
			return nil, err
		}
		for _, operand := range []ast.Expr{ch, send} {
			if operand == nil {
				continue
			}
			if t := text(operand); strings.Contains(t, "\n") || containsSelect(operand) {
				return nil, fmt.Errorf("operand %q spans lines or holds a select", t)
			}
		}
		head := fmt.Sprintf("case %d:", i)
		if i == last {
			head = "default:"
		}
		if send != nil {
			cases = append(cases, fmt.Sprintf("%s.SelectSend(%s, &[]%s{%s}[0])", RuntimeAlias, text(ch), elem, text(send)))
		} else {
			cases = append(cases, fmt.Sprintf("%s.SelectRecv(%s)", RuntimeAlias, text(ch)))
		}
		if len(lhs) > 0 {
			if v := lhs[0].(*ast.Ident).Name; v != "_" {
				head += fmt.Sprintf(" var %s %s; %s.SelectReceived(&%s, gkRecv);", v, elem, RuntimeAlias, v)
				needRecv = true
			}
		}
		if len(lhs) == 2 {
			if ok := lhs[1].(*ast.Ident).Name; ok != "_" {
				head += fmt.Sprintf(" %s := gkRecvOK;", ok)
				needOK = true
			}
		}
		// Lines of the old head (a case split over lines) stay lines.
		heads = append(heads, head+strings.Repeat("\n", strings.Count(r.text[r.offset(cc.Pos()):r.offset(cc.Colon)], "\n")))
	}
	recv, ok := "_", "_"
	if needRecv {
		recv = "gkRecv"
	}
	if needOK {
		ok = "gkRecvOK"
	}
	edits := []edit{{r.offset(sel.Select), r.offset(sel.Select) + len("select"),
		fmt.Sprintf("switch gkSel, %s, %s := %s.Select(%s); gkSel", recv, ok, RuntimeAlias, strings.Join(cases, ", "))}}
	for i, stmt := range sel.Body.List {
		cc := stmt.(*ast.CommClause)
		edits = append(edits, edit{r.offset(cc.Pos()), r.offset(cc.Colon) + 1, heads[i]})
	}
	return edits, nil
}

// receivedFrom returns c of the receive <-c (parenthesized or not), or nil.
func receivedFrom(e ast.Expr) ast.Expr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// containsSelect reports whether a select statement is inside n (in a function literal).
func containsSelect(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		_, found = n.(*ast.SelectStmt)
		return !found
	})
	return found
}

// nameInPlace writes t as the cell can name it where it is used, or fails when naming
// it would need a type declared inside a function moved to the top level (which
// typeText does for the instantiation rounds, not for this one).
func (r *monoRound) nameInPlace(t types.Type) (string, error) {
	hoisted := len(r.hoisted)
	name, err := r.typeText(t)
	if err != nil {
		return "", fmt.Errorf("cannot name %s: %w", t, err)
	}
	if len(r.hoisted) != hoisted {
		return "", fmt.Errorf("cannot name %s where it is used", t)
	}
	return name, nil
}
