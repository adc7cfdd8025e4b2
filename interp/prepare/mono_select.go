package prepare

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// selectsOntoReflect rewrites the cell's select statements as a switch over the
// case that the session's select helper (__gk.Select, over reflect.Select) chose:
//
//	select {                  { gkRecv0, gkRecvOK := new(E), new(bool); switch __gk.Select("vso", c, gkRecv0, d, &[]T{x}[0], gkRecvOK) {
//	case v, ok := <-c:        case 0: v, ok := *gkRecv0, *gkRecvOK;
//	case d <- x:              default:
//	}                         }}
//
// The helper takes a letter per case (see interp's selectCaseList) and the operands,
// stores a received value through the pointer its case gave, and returns the index of
// the case that ran: one call into compiled code per run of the select, because each
// call costs yaegi about as much as the select itself, and every result of one more.
// The pointers are declared in a block around the switch, not in its init statement:
// yaegi v0.16.1 evaluates a switch's tag before its init statement. A label moves
// into the block, onto the switch; a select whose label a goto names stays with yaegi
// (a goto may not jump into a block).
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
	labels, gotos := statementLabels(r.file)
	// A select of the cell's top level, outside any function, runs on the cell's
	// goroutine alone, one run at a time: yaegi's own select is right there, and five
	// times faster than the helper (BenchmarkRewriteCost/Select), unless a value
	// crosses an interface there (yaegi sends a cell's value into a chan fmt.Stringer
	// as it is, unconverted).
	topLevel := map[*ast.SelectStmt]bool{}
	for _, d := range r.file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && (fd.Name.Name == monoCellFunc || fd.Name.Name == monoShowFunc) {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectStmt); ok {
					topLevel[sel] = r.plainChannelOps(sel)
				}
				_, lit := n.(*ast.FuncLit)
				return !lit
			})
		}
	}
	ast.Inspect(r.file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectStmt)
		if !ok || len(sel.Body.List) == 0 || topLevel[sel] {
			return true
		}
		label := labels[sel]
		if label != nil && gotos[label.Label.Name] {
			r.m.debug("select left to the interpreter", text(sel), errors.New("a goto names its label"))
			return true
		}
		edits, err := r.selectEdits(sel, label, text)
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
func (r *monoRound) selectEdits(sel *ast.SelectStmt, label *ast.LabeledStmt, text func(ast.Node) string) ([]edit, error) {
	var dirs, operands, heads, storage []string
	needOK := false
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
		if cc.Comm == nil {
			dirs = append(dirs, "d")
			heads = append(heads, "default:")
			continue
		}
		if a, ok := cc.Comm.(*ast.AssignStmt); ok && a.Tok != token.DEFINE {
			// selectRecvIntoVariables made receives into existing variables
			// declarations; one it could not rewrite stays with yaegi.
			return nil, errors.New("a receive into existing variables")
		}
		ch, send, lhs := commOperands(cc.Comm) // lhs: the variables a receive declares
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
		var names, values []string
		switch {
		case send != nil:
			dirs = append(dirs, "s")
			operands = append(operands, text(ch), fmt.Sprintf("&[]%s{%s}[0]", elem, text(send)))
		case len(lhs) > 0 && lhs[0].(*ast.Ident).Name != "_":
			recv := fmt.Sprintf("gkRecv%d", i)
			dirs = append(dirs, "v")
			operands = append(operands, text(ch), recv)
			storage = append(storage, recv, "new("+elem+")")
			names, values = append(names, lhs[0].(*ast.Ident).Name), append(values, "*"+recv)
		default:
			dirs = append(dirs, "r")
			operands = append(operands, text(ch))
		}
		if len(lhs) == 2 {
			if ok := lhs[1].(*ast.Ident).Name; ok != "_" {
				names, values = append(names, ok), append(values, "*gkRecvOK")
				needOK = true
			}
		}
		if names != nil {
			head += fmt.Sprintf(" %s := %s;", strings.Join(names, ", "), strings.Join(values, ", "))
		}
		// Lines of the old head (a case split over lines) stay lines.
		heads = append(heads, head+strings.Repeat("\n", strings.Count(r.text[r.offset(cc.Pos()):r.offset(cc.Colon)], "\n")))
	}
	if needOK {
		dirs = append(dirs, "o")
		operands = append(operands, "gkRecvOK")
		storage = append(storage, "gkRecvOK", "new(bool)")
	}
	header := ""
	var edits []edit
	if storage != nil {
		var vars, news []string
		for i := 0; i < len(storage); i += 2 {
			vars, news = append(vars, storage[i]), append(news, storage[i+1])
		}
		header = "{ " + strings.Join(vars, ", ") + " := " + strings.Join(news, ", ") + "; "
		if label != nil {
			// Whatever separates the label from the select (a line break) stays.
			edits = append(edits, edit{r.offset(label.Pos()), r.offset(label.Colon) + 1, header + label.Label.Name + ":"})
			header = ""
		}
		edits = append(edits, edit{r.offset(sel.End()), r.offset(sel.End()), "}"})
	}
	header += fmt.Sprintf("switch %s.Select(%s)", RuntimeAlias, strings.Join(append([]string{strconv.Quote(strings.Join(dirs, ""))}, operands...), ", "))
	edits = append(edits, edit{r.offset(sel.Select), r.offset(sel.Select) + len("select"), header})
	for i, stmt := range sel.Body.List {
		cc := stmt.(*ast.CommClause)
		edits = append(edits, edit{r.offset(cc.Pos()), r.offset(cc.Colon) + 1, heads[i]})
	}
	return edits, nil
}

// plainChannelOps reports whether the cases of sel move values of the channels' own
// types, none an interface, and no break ends the select: what yaegi's select gets
// right (a break in its case leaves the loop around it).
func (r *monoRound) plainChannelOps(sel *ast.SelectStmt) bool {
	for _, stmt := range sel.Body.List {
		if breaksOut(stmt.(*ast.CommClause).Body) {
			return false
		}
		comm := stmt.(*ast.CommClause).Comm
		if comm == nil {
			continue
		}
		ch, send, _ := commOperands(comm)
		if ch == nil {
			return false
		}
		chType, ok := r.info.TypeOf(ch).Underlying().(*types.Chan)
		if !ok || types.IsInterface(chType.Elem()) {
			return false
		}
		if send != nil && !types.Identical(r.info.TypeOf(send), chType.Elem()) {
			return false
		}
	}
	return true
}

// breaksOut reports whether a break without a label in body ends the statement body
// belongs to (one inside a loop, switch, select or function literal of its own does
// not).
func breaksOut(body []ast.Stmt) bool {
	found := false
	for _, stmt := range body {
		ast.Inspect(stmt, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				found = found || n.Tok == token.BREAK && n.Label == nil
			}
			return !found
		})
	}
	return found
}

// commOperands returns the channel of a select case's communication, the value it
// sends (nil for a receive) and the variables a receive assigns or declares; ch is nil
// when the statement is no channel operation.
func commOperands(comm ast.Stmt) (ch, send ast.Expr, lhs []ast.Expr) {
	switch c := comm.(type) {
	case *ast.SendStmt:
		return c.Chan, c.Value, nil
	case *ast.ExprStmt:
		return receivedFrom(c.X), nil, nil
	case *ast.AssignStmt:
		if len(c.Rhs) == 1 {
			return receivedFrom(c.Rhs[0]), nil, c.Lhs
		}
	}
	return nil, nil, nil
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
