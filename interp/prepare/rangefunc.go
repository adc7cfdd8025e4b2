package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Range over functions (Go 1.23): yaegi v0.16.1 cannot compile `for x := range seq`
// over an iterator function (it panics with "nil type"), so a cell's loop is
// rewritten to the call of seq with a yield function, as the compiler does:
//
//	for k, v := range seq { BODY }
//	{ var gkrfᐸ1ᐳ int; (seq)(func(k K, v V) bool { BODY'; return true }); POST }
//
// In BODY', a continue of the loop is `return true`, a break `return false`; a break
// or continue of an enclosing statement, and a return from the enclosing function, set
// gkrfᐸ1ᐳ (and the results, into variables of the function's result types), return
// false, and POST does them once seq has returned. The loop variables are the yield
// function's parameters, so each iteration has its own, as Go 1.22 says; with = they
// are assigned from the parameters. Everything stays on its line.
//
// A defer in the body is deferred to the enclosing function, as Go says: the call,
// its function and arguments evaluated where the defer stands, goes into a list that a
// defer made where the loop starts runs, last first, when the function returns.
//
// A loop is rewritten once the range-over-func loops in its body are (one round each,
// innermost first: the break, return or defer an inner loop passes on is then the
// outer loop's to pass on). A goto out of the body is passed on as a break is.
// Refused by rangeFuncObstacle: a return at a cell's top level, a goto to the loop's
// own label. Loops in instances of generic code are rewritten there.
// An iterator that calls yield again after the body ended the loop panics with Go's
// runtime error (__gk.RangeContinued). Not as Go does: recover() in a call deferred in
// the body does not stop a panic (the call is not deferred directly).

// rangeFuncLoop is a range statement over a function, with what its rewrite needs.
type rangeFuncLoop struct {
	rs    *ast.RangeStmt
	ls    *ast.LabeledStmt // the statement labelling the loop, or nil
	yield *types.Signature // the yield function's type
	fn    *types.Signature // the enclosing function's, or nil at a cell's top level
	label string           // the loop's own label, if any
}

// rangeFuncLoops calls visit for each range statement over a function in the file,
// with the enclosing function's signature and whether another such loop is in its
// body.
func (r *monoRound) rangeFuncLoops(visit func(l rangeFuncLoop, nested bool)) {
	var stack []ast.Node
	ast.Inspect(r.file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		rs, ok := n.(*ast.RangeStmt)
		if !ok {
			return true
		}
		yield := r.yieldOf(rs.X)
		if yield == nil {
			return true
		}
		l := rangeFuncLoop{rs: rs, yield: yield}
		for i := len(stack) - 2; i >= 0; i-- {
			if ls, ok := stack[i].(*ast.LabeledStmt); ok && i == len(stack)-2 {
				l.ls, l.label = ls, ls.Label.Name
			}
			if f := r.funcSignature(stack[i]); f != nil {
				l.fn = f
				break
			}
		}
		nested := false
		ast.Inspect(rs.Body, func(m ast.Node) bool {
			if inner, ok := m.(*ast.RangeStmt); ok && r.yieldOf(inner.X) != nil {
				nested = true
			}
			return !nested
		})
		visit(l, nested)
		return true
	})
}

// yieldOf returns the type of the yield function of x, when x is an iterator
// function (func(yield func(...) bool)), or nil.
func (r *monoRound) yieldOf(x ast.Expr) *types.Signature {
	t := r.info.TypeOf(x)
	if t == nil {
		return nil
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return nil
	}
	yield, _ := sig.Params().At(0).Type().Underlying().(*types.Signature)
	return yield
}

// funcSignature is n's signature when n is a function other than the one a cell's
// statements are checked in, else nil.
func (r *monoRound) funcSignature(n ast.Node) *types.Signature {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Name.Name == monoCellFunc || n.Name.Name == monoShowFunc {
			return nil
		}
		if fn, ok := r.info.Defs[n.Name].(*types.Func); ok {
			sig, _ := fn.Type().(*types.Signature)
			return sig
		}
	case *ast.FuncLit:
		sig, _ := r.info.TypeOf(n).(*types.Signature)
		return sig
	}
	return nil
}

// atCellTop reports whether a loop's enclosing function is the cell's own: a FuncDecl
// of the cell function encloses it, with no function literal between.
func atCellTop(l rangeFuncLoop) bool { return l.fn == nil }

// rangeFuncObstacle says why the loop cannot be rewritten, or "".
func rangeFuncObstacle(l rangeFuncLoop) string {
	why := ""
	inspectBody(l.rs.Body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil && n.Label.Name == l.label {
				why = "goto to the label of a range over a function from its body"
			}
		case *ast.ReturnStmt:
			if atCellTop(l) {
				why = "return at a cell's top level from the body of a range over a function"
			}
		}
	})
	return why
}

// inspectBody calls f for each node of body, not looking into function literals.
func inspectBody(body *ast.BlockStmt, f func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		if n != nil {
			f(n)
		}
		return true
	})
}

// rangeOverFuncs returns the edits that rewrite the cell's innermost range-over-func
// loops, or none when there are none left.
func (r *monoRound) rangeOverFuncs() (cellEdits []edit, instEdits map[int][]edit) {
	instEdits = map[int][]edit{}
	r.rangeFuncLoops(func(l rangeFuncLoop, nested bool) {
		if nested || rangeFuncObstacle(l) != "" {
			return
		}
		sp := r.spanOf(r.offset(l.rs.Pos()), r.offset(l.rs.End()))
		if sp == nil {
			return // an earlier cell's declaration
		}
		edits, err := r.rangeFuncEdits(l)
		if err != nil {
			r.m.debug("range over a function left as it is", r.text[r.offset(l.rs.Pos()):r.offset(l.rs.End())], err)
			return
		}
		for _, e := range edits {
			e.from, e.to = e.from-sp.from+sp.src, e.to-sp.from+sp.src
			if sp.owner < 0 {
				cellEdits = append(cellEdits, e)
			} else {
				instEdits[sp.owner] = append(instEdits[sp.owner], e)
			}
		}
	})
	return cellEdits, instEdits
}

// rangeFuncEdits returns the edits of r.text that rewrite one loop.
func (r *monoRound) rangeFuncEdits(l rangeFuncLoop) ([]edit, error) {
	r.m.rangeFuncs++
	k := r.m.rangeFuncs
	flag := fmt.Sprintf("gkrf%s%d%s", instanceOpen, k, instanceClose)
	var edits []edit
	// replace rewrites r.text[from:to] (offsets), keeping its line breaks.
	replace := func(from, to int, repl string) {
		edits = append(edits, edit{from, to, repl + strings.Repeat("\n", strings.Count(r.text[from:to], "\n"))})
	}
	text := func(n ast.Node) string { return r.text[r.offset(n.Pos()):r.offset(n.End())] }
	rs := l.rs

	// The yield function's parameters: the loop's variables, or stand-ins for them.
	var params, assigns []string
	vars := []ast.Expr{rs.Key, rs.Value}
	for i := range l.yield.Params().Len() {
		t, err := r.typeText(l.yield.Params().At(i).Type())
		if err != nil {
			return nil, err
		}
		name := "_"
		if i < len(vars) && vars[i] != nil {
			switch rs.Tok {
			case token.DEFINE:
				name = vars[i].(*ast.Ident).Name
			case token.ASSIGN:
				name = fmt.Sprintf("gkrv%s%d%s%d", instanceOpen, k, instanceClose, i)
				assigns = append(assigns, text(vars[i])+" = "+name+"; ")
			}
		}
		params = append(params, name+" "+t)
	}

	// The exits POST carries out: 1 a return with values, 2 and up a bare return or
	// a break or continue of an enclosing statement.
	var results []string // the variables a return's values are kept in
	var post []string
	exits := map[string]int{}
	exit := func(stmt string) int {
		if c, ok := exits[stmt]; ok {
			return c
		}
		c := len(exits) + 2
		exits[stmt] = c
		post = append(post, fmt.Sprintf("if %s == %d { %s }", flag, c, stmt))
		return c
	}
	returned, deferred := false, false
	// stop is how the body ends the loop: the iterator must not call yield again.
	done := fmt.Sprintf("%s%d%s", rangeStopPrefix, k, instanceClose)
	stop := done + " = true; return false"
	defers := fmt.Sprintf("gkrd%s%d%s", instanceOpen, k, instanceClose)
	var decls []string
	if l.fn != nil {
		for i := range l.fn.Results().Len() {
			t, err := r.typeText(l.fn.Results().At(i).Type())
			if err != nil {
				return nil, err
			}
			v := fmt.Sprintf("gkrr%s%d%s%d", instanceOpen, k, instanceClose, i)
			results = append(results, v)
			decls = append(decls, "var "+v+" "+t+"; ")
		}
	}

	// The body's jumps out of the loop. breakable and loops count the statements
	// between the node and the loop's body that an unlabelled break or continue
	// would end instead; inner are the labels declared inside the body.
	inner := map[string]bool{}
	inspectBody(rs.Body, func(n ast.Node) {
		if ls, ok := n.(*ast.LabeledStmt); ok {
			inner[ls.Label.Name] = true
		}
	})
	var walk func(n ast.Node, breakable, loops int)
	walk = func(n ast.Node, breakable, loops int) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt, *ast.RangeStmt:
				if m != n {
					walk(bodyOf(m), breakable+1, loops+1)
					return false
				}
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if m != n {
					walk(bodyOf(m), breakable+1, loops)
					return false
				}
			case *ast.DeferStmt:
				// Deferred to the enclosing function, as Go does: the call is kept in
				// the loop's list, which a defer made where the loop starts runs, last
				// first. (At a cell's top level topLevelDefers has made it a
				// __gk.Defer already.)
				deferred = true
				deferAsClosure(m, defers+" = append("+defers+", ", func(from, to token.Pos, repl string) {
					replace(r.offset(from), r.offset(to), repl)
				})
				return false
			case *ast.ReturnStmt:
				if len(m.Results) == 0 {
					// A bare return returns the named results as they are then.
					c := exit("return")
					replace(r.offset(m.Pos()), r.offset(m.End()), fmt.Sprintf("{ %s = %d; %s }", flag, c, stop))
					return true
				}
				returned = true
				var vals []string
				for _, v := range m.Results {
					vals = append(vals, text(v))
				}
				stmt := "{ " + strings.Join(results, ", ") + " = " + strings.Join(vals, ", ") + "; "
				replace(r.offset(m.Pos()), r.offset(m.End()), stmt+flag+" = 1; "+stop+" }")
			case *ast.BranchStmt:
				label := ""
				if m.Label != nil {
					label = m.Label.Name
				}
				switch {
				case m.Tok == token.BREAK && (label == "" && breakable == 0 || label != "" && label == l.label):
					replace(r.offset(m.Pos()), r.offset(m.End()), "{ "+stop+" }")
				case m.Tok == token.CONTINUE && (label == "" && loops == 0 || label != "" && label == l.label):
					replace(r.offset(m.Pos()), r.offset(m.End()), "return true")
				case label != "" && !inner[label] && label != l.label:
					// A break, continue or goto of a label outside the loop.
					c := exit(m.Tok.String() + " " + label)
					replace(r.offset(m.Pos()), r.offset(m.End()), fmt.Sprintf("{ %s = %d; %s }", flag, c, stop))
				}
			}
			return true
		})
	}
	walk(rs.Body, 0, 0)
	if returned {
		post = append([]string{fmt.Sprintf("if %s == 1 { return %s }", flag, strings.Join(results, ", "))}, post...)
	}

	head := "{ var " + done + " bool; "
	if len(post) > 0 {
		head += "var " + flag + " int; "
	}
	if returned {
		head += strings.Join(decls, "")
	}
	if deferred {
		head += "var " + defers + " []func(); defer func() { for i := len(" + defers + ") - 1; i >= 0; i-- { " + defers + "[i]() } }(); "
	}
	if l.ls != nil {
		// Its breaks and continues are the yield function's returns now, and Go
		// refuses a label nothing uses.
		replace(r.offset(l.ls.Pos()), r.offset(l.ls.Colon)+1, "")
	}
	// yaegi cannot call a parenthesized function name: X is parenthesized only where
	// the call would bind tighter than it.
	open, closeX := "", ""
	switch rs.X.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.FuncLit, *ast.ParenExpr:
	default:
		open, closeX = "(", ")"
	}
	replace(r.offset(rs.For), r.offset(rs.X.Pos()), head+open)
	// The body is a block of its own inside the yield function, where the pass that
	// gives loop variables one copy per iteration may have declared v := v, which the
	// parameters' own block would refuse.
	replace(r.offset(rs.X.End()), r.offset(rs.Body.Lbrace)+1, closeX+"(func("+strings.Join(params, ", ")+") bool { if "+done+" { "+RuntimeAlias+".RangeContinued() }; "+strings.Join(assigns, "")+"{")
	tail := "}; return true }); " + strings.Join(post, "; ") + " }"
	replace(r.offset(rs.Body.Rbrace), r.offset(rs.Body.Rbrace)+1, tail)
	return edits, nil
}

// bodyOf is the block of a loop, switch or select.
func bodyOf(n ast.Node) *ast.BlockStmt {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body
	case *ast.RangeStmt:
		return n.Body
	case *ast.SwitchStmt:
		return n.Body
	case *ast.TypeSwitchStmt:
		return n.Body
	case *ast.SelectStmt:
		return n.Body
	}
	return nil
}

// rangeStopPrefix begins the name of the variable by which a rewritten loop's body
// says it ended the loop; the yield function the rewrite makes starts by checking it.
const rangeStopPrefix = "gkrs" + instanceOpen

// IsRangeFuncYield reports whether lit is a yield function the range-over-func rewrite
// made for a loop's body. It runs only while its loop does: once the statement that
// holds the loop has finished, no frame can be in it.
func IsRangeFuncYield(lit *ast.FuncLit) bool {
	if len(lit.Body.List) == 0 {
		return false
	}
	check, ok := lit.Body.List[0].(*ast.IfStmt)
	if !ok {
		return false
	}
	id, ok := check.Cond.(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, rangeStopPrefix)
}
