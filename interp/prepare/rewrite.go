package prepare

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// A syntaxPass finds the edits one of the cell rewrites makes in one top-level item
// of a cell. src is what was parsed: the item alone in a file, a statement inside a
// function; at maps a position in it to an offset in the cell. Passes work around
// yaegi v0.16.1's mistakes in plain Go, each by writing the construct another way
// that means the same in Go, and never move a line of the cell, so errors keep their
// positions.
type syntaxPass func(src string, f *ast.File, at func(token.Pos) int) []edit

// rewriteSyntax parses each item of the cell once and applies the passes' edits.
func rewriteSyntax(code string, passes ...syntaxPass) string {
	out, _ := rewriteSyntaxDropping(code, passes...)
	return out
}

// rewriteSyntaxDropping is rewriteSyntax, which also says how many edits overlapped
// others and were dropped.
func rewriteSyntaxDropping(code string, passes ...syntaxPass) (string, int) {
	items, err := SplitItems(code)
	if err != nil {
		return code, 0
	}
	var edits []edit
	for _, it := range items {
		prefix, suffix := "package p;", ""
		if it.Kind == StmtChunk {
			prefix, suffix = "package p; func _() {", "\n}"
		}
		src := prefix + code[it.Start:it.End] + suffix
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		base := it.Start - len(prefix) - 1 // token.Pos p is at cell offset base+p
		at := func(p token.Pos) int { return base + int(p) }
		for _, pass := range passes {
			edits = append(edits, pass(src, f, at)...)
		}
	}
	return applyEditsDropping(code, edits)
}

// parenthesizeCompositeLits puts parentheses around composite literals assigned to
// variables, fields and elements. In a, b := s, []int{9} (and var a, b = ..., in a
// function) yaegi v0.16.1 sets every value but the literal to its zero value, and
// s.f = T{} into an interface-typed field panics (reflect.Set: ...valueInterface is
// not assignable); with the literal in parentheses both work.
func parenthesizeCompositeLits(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	wrap := func(values []ast.Expr) {
		for _, v := range values {
			if _, ok := v.(*ast.CompositeLit); ok {
				edits = append(edits, edit{at(v.Pos()), at(v.Pos()), "("}, edit{at(v.End()), at(v.End()), ")"})
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			wrap(n.Rhs)
		case *ast.ValueSpec:
			if len(n.Values) > 1 {
				wrap(n.Values)
			}
		}
		return true
	})
	return edits
}

// commaOkIntoVariables splits v, ok = m[k] (and <-ch, x.(T)) into existing variables
// into a declaration and two plain assignments, in a block of their own:
//
//	{ gkV, gkOK := m[k]; v = gkV; ok = gkOK }
//
// yaegi v0.16.1 stores the value in the variable as it is, so an interface variable
// receiving a map's concrete element is left holding a broken value (reflect: call of
// reflect.Value.Interface on zero Value). Only statements in a statement list are
// rewritten (a block is no if or for header), and only into plain names, whose
// evaluation the reordering cannot change.
func commaOkIntoVariables(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	split := func(list []ast.Stmt) {
		for _, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
				continue
			}
			switch r := as.Rhs[0].(type) {
			case *ast.IndexExpr, *ast.TypeAssertExpr:
			case *ast.UnaryExpr:
				if r.Op != token.ARROW {
					continue
				}
			default:
				continue
			}
			var names [2]string
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					names[0] = ""
					break
				}
				names[i] = id.Name
			}
			if names[0] == "" || names[1] == "" {
				continue
			}
			rhs := src[as.Rhs[0].Pos()-1 : as.Rhs[0].End()-1]
			edits = append(edits, edit{at(as.Pos()), at(as.End()),
				"{ gkV, gkOK := " + rhs + "; " + names[0] + " = gkV; " + names[1] + " = gkOK }"})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			split(n.List)
		case *ast.CaseClause:
			split(n.Body)
		case *ast.CommClause:
			split(n.Body)
		}
		return true
	})
	return edits
}

// dropBlankTypes removes the declarations of types named _, which declare nothing:
// yaegi v0.16.1 rejects type _ struct{} (cannot use _ as value). The lines they
// spanned stay, empty.
func dropBlankTypes(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		d, ok := n.(*ast.GenDecl)
		if !ok || d.Tok != token.TYPE {
			return true
		}
		blank := 0
		for _, s := range d.Specs {
			if ts := s.(*ast.TypeSpec); ts.Name.Name == "_" {
				blank++
				if d.Lparen.IsValid() {
					text := src[int(ts.Pos())-1 : int(ts.End())-1]
					edits = append(edits, edit{at(ts.Pos()), at(ts.End()), strings.Repeat("\n", strings.Count(text, "\n"))})
				}
			}
		}
		if blank > 0 && !d.Lparen.IsValid() {
			text := src[int(d.Pos())-1 : int(d.End())-1]
			edits = append(edits, edit{at(d.Pos()), at(d.End()), "type (" + strings.Repeat("\n", strings.Count(text, "\n")) + ")"})
		}
		return false
	})
	return edits
}

// selectRecvIntoVariables rewrites a select case that receives into existing
// variables, case x.a = <-c:, as one that declares them and assigns after, on the
// same line: case gkR := <-c: x.a = gkR. yaegi v0.16.1 fails such cases (reflect.Select:
// invalid Dir) or never selects them. Go evaluates the left-hand side only once the case
// is chosen, which is where the assignment now is.
func selectRecvIntoVariables(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		cc, ok := n.(*ast.CommClause)
		if !ok {
			return true
		}
		as, ok := cc.Comm.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Rhs) != 1 {
			return true
		}
		text := func(n ast.Node) string { return src[n.Pos()-1 : n.End()-1] }
		lhs := make([]string, len(as.Lhs))
		tmps := []string{"gkR", "gkOK"}[:len(as.Lhs)]
		for i, l := range as.Lhs {
			lhs[i] = text(l)
		}
		// Only the left side and the operator change, so that the other select
		// passes may edit the receive.
		edits = append(edits,
			edit{at(as.Pos()), at(as.TokPos) + 1, strings.Join(tmps, ", ") + " :="},
			edit{at(cc.Colon) + 1, at(cc.Colon) + 1, " " + strings.Join(lhs, ", ") + " = " + strings.Join(tmps, ", ") + ";"})
		return true
	})
	return edits
}

// The passes below work around yaegi v0.16.1's select statement and channel receives.

// hoistSelectChannels evaluates the channel operands of a select that are not plain
// names before it, { gkc1 := r.values; select { case v := <-gkc1: ... } }: yaegi
// hangs receiving from a field or element (<-r.values, <-s[0]) in a select, or
// crashes compiling <-p[1] through a pointer to an array. Go evaluates the operands
// once, on entering the select, as the block does. A label on the select moves into
// the block with it.
func hoistSelectChannels() syntaxPass {
	n := 0
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		var edits []edit
		labels := map[ast.Stmt]*ast.LabeledStmt{}
		ast.Inspect(f, func(node ast.Node) bool {
			if l, ok := node.(*ast.LabeledStmt); ok {
				labels[l.Stmt] = l
			}
			sel, ok := node.(*ast.SelectStmt)
			if !ok {
				return true
			}
			// The operands in source order: channels, and the values sent.
			var operands []ast.Expr
			needed := false
			for _, st := range sel.Body.List {
				cc := st.(*ast.CommClause)
				switch c := cc.Comm.(type) {
				case *ast.SendStmt:
					operands = append(operands, c.Chan, c.Value)
					needed = needed || !isName(c.Chan)
				case *ast.ExprStmt:
					if u, ok := ast.Unparen(c.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
						operands = append(operands, u.X)
						needed = needed || !isName(u.X)
					}
				case *ast.AssignStmt:
					if u, ok := ast.Unparen(c.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
						operands = append(operands, u.X)
						needed = needed || !isName(u.X)
					}
				}
			}
			if !needed {
				return true
			}
			// All of them move, so that they are still evaluated in Go's order; names
			// and literals need not (a literal sent keeps its constant type).
			var decls []string
			for _, e := range operands {
				if isName(e) || isLiteral(e) {
					continue
				}
				n++
				name := fmt.Sprintf("gkc%d", n)
				decls = append(decls, name+" := "+src[e.Pos()-1:e.End()-1]+"; ")
				edits = append(edits, edit{at(e.Pos()), at(e.End()), name})
			}
			if len(decls) > 0 {
				var start ast.Node = sel
				if l := labels[sel]; l != nil {
					start = l
				}
				edits = append(edits, edit{at(start.Pos()), at(start.Pos()), "{ " + strings.Join(decls, "")},
					edit{at(sel.End()), at(sel.End()), " }"})
			}
			return true
		})
		return edits
	}
}

func isName(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.Ident)
	return ok
}

// isLiteral reports whether e is a constant written with literals only (1, -1, 1<<3).
func isLiteral(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return isLiteral(e.X)
	case *ast.BinaryExpr:
		return isLiteral(e.X) && isLiteral(e.Y)
	}
	return false
}

// unparenSelectReceives drops the parentheses around a receive in a select case,
// case x := (<-c): yaegi hangs on it or rejects it (unsupported assign expression).
func unparenSelectReceives(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	unparen := func(e ast.Expr) {
		if p, ok := e.(*ast.ParenExpr); ok {
			if u, ok := p.X.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				edits = append(edits, edit{at(p.Lparen), at(p.Lparen) + 1, ""}, edit{at(p.Rparen), at(p.Rparen) + 1, ""})
			}
		}
	}
	ast.Inspect(f, func(node ast.Node) bool {
		if cc, ok := node.(*ast.CommClause); ok {
			switch c := cc.Comm.(type) {
			case *ast.ExprStmt:
				unparen(c.X)
			case *ast.AssignStmt:
				unparen(c.Rhs[0])
			}
		}
		return true
	})
	return edits
}

// parenthesizeReturnedReceives writes return <-c as return (<-c): yaegi panics
// returning a receive directly (reflect.Value.Set using unaddressable value), which in
// a goroutine ends the worker.
func parenthesizeReturnedReceives(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(node ast.Node) bool {
		if ret, ok := node.(*ast.ReturnStmt); ok {
			for _, e := range ret.Results {
				if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					edits = append(edits, edit{at(u.Pos()), at(u.Pos()), "("}, edit{at(u.End()), at(u.End()), ")"})
				}
			}
		}
		return true
	})
	return edits
}

// labeledJumpsOutOfSelect makes break L and continue L inside a select case, L a
// statement around the select, into gotos: yaegi leaves only the select. break L
// jumps to a label right after L's statement; continue L to one at the end of L's loop
// body, whose statements go in a block of their own so that the goto jumps over no
// declaration. Only inside functions: at the top level of a cell (the wrapper
// function _ here) yaegi cannot compile such a goto, and gets the jump right anyway.
// Labels are resolved per function, as Go scopes them.
func labeledJumpsOutOfSelect(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	n := 0
	// fn visits one function body: its labels, and the jumps out of its selects.
	var fn func(body *ast.BlockStmt)
	fn = func(body *ast.BlockStmt) {
		labeled := map[string]*ast.LabeledStmt{}
		targets := map[*ast.LabeledStmt]map[string]string{}
		ast.Inspect(body, func(node ast.Node) bool {
			switch node := node.(type) {
			case *ast.FuncLit:
				return false
			case *ast.LabeledStmt:
				labeled[node.Label.Name] = node
			}
			return true
		})
		var visit func(node ast.Node, depth int)
		visit = func(node ast.Node, depth int) {
			ast.Inspect(node, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.FuncLit:
					fn(x.Body)
					return false
				case *ast.SelectStmt:
					if x != node {
						for _, st := range x.Body.List {
							visit(st, depth+1)
						}
						return false
					}
				case *ast.BranchStmt:
					if depth == 0 || x.Label == nil || (x.Tok != token.BREAK && x.Tok != token.CONTINUE) {
						return true
					}
					l := labeled[x.Label.Name]
					if l == nil {
						return true
					}
					if _, isSelect := l.Stmt.(*ast.SelectStmt); isSelect && x.Tok == token.BREAK {
						return true // leaving the select itself: yaegi does that
					}
					kind := "brk"
					if x.Tok == token.CONTINUE {
						kind = "cont"
					}
					if targets[l] == nil {
						targets[l] = map[string]string{}
					}
					target, ok := targets[l][kind]
					if !ok {
						n++
						target = fmt.Sprintf("gk%s%d_%s", kind, n, x.Label.Name)
						targets[l][kind] = target
						if kind == "brk" {
							edits = append(edits, edit{at(l.End()), at(l.End()), "; " + target + ": ;"})
						} else if body := loopBody(l.Stmt); body != nil {
							edits = append(edits, edit{at(body.Lbrace) + 1, at(body.Lbrace) + 1, " {"},
								edit{at(body.Rbrace), at(body.Rbrace), "}; " + target + ": ;"})
						} else {
							return true
						}
					}
					edits = append(edits, edit{at(x.Pos()), at(x.End()), "goto " + target})
				}
				return true
			})
		}
		visit(body, 0)
	}
	ast.Inspect(f, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.FuncDecl:
			if node.Body == nil {
				return false
			}
			if node.Name.Name == "_" && node.Recv == nil {
				return true // the cell's top level: only its function literals
			}
			fn(node.Body)
			return false
		case *ast.FuncLit:
			fn(node.Body)
			return false
		}
		return true
	})
	return edits
}

func loopBody(s ast.Stmt) *ast.BlockStmt {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body
	case *ast.RangeStmt:
		return s.Body
	}
	return nil
}
