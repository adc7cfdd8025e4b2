package prepare

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// Deferred calls evaluated where the defer stands. Go evaluates a deferred call's
// function value, receiver and arguments when the defer statement runs; yaegi v0.16.1
// keeps references to the frame slots they were computed into and reads them when the
// call runs, so a defer in a loop ran with the last iteration's values three times
// (defer fmt.Println(i) printed 3 3 3), and a variable changed after the defer was
// seen changed. A variable declared with := gets new storage each time its
// declaration runs, and a function call gets a new frame, so the rewrite puts the
// values where nothing can change them (in a block of their own, so names cannot
// clash, on the defer's line):
//
//	defer F(a, b)   // F a function, a function literal, a builtin, a method expression
//	{ gkdᐸ1ᐳ0, gkdᐸ1ᐳ1 := a, b; defer F(gkdᐸ1ᐳ0, gkdᐸ1ᐳ1) }
//
//	defer x.M(a)    // a method: its receiver too; or f(a), f a function value
//	{ gkdᐸ2ᐳ := func(gkdᐸ2ᐳr *T, gkdᐸ2ᐳ0 int) func() { return func() { gkdᐸ2ᐳr.M(gkdᐸ2ᐳ0) } }(&x, a); defer gkdᐸ2ᐳ() }
//
// The first form keeps F the deferred function, so recover() in it still works. The
// second makes the closure the deferred function: a cell method that calls recover()
// is left as it is (its arguments then read late). A defer is left alone when there
// is nothing to evaluate early: constant arguments and a function named statically,
// a function variable without arguments, or a pointer method of a variable
// (mu.Unlock(), wg.Done()), whose address cannot change. Defers in generic code the
// cell instantiates are left to the interpreter, as ranges over functions are.

// deferredPrefix begins the names the rewrite declares; an argument so named is in
// place already.
const deferredPrefix = "gkd" + instanceOpen

// deferredCalls returns the edits that rewrite the cell's defer statements whose
// calls need values evaluated early, innermost first: a defer whose call holds another
// that needs rewriting waits for the next round.
func (r *monoRound) deferredCalls() (cellEdits []edit) {
	// inLoop tells, for each defer, whether a loop of its own function holds it.
	inLoop := map[*ast.DeferStmt]bool{}
	var walk func(n ast.Node, loops int)
	walk = func(n ast.Node, loops int) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				if m != n {
					walk(m.Body, 0)
					return false
				}
			case *ast.ForStmt, *ast.RangeStmt:
				if m != n {
					walk(bodyOf(m), loops+1)
					return false
				}
			case *ast.DeferStmt:
				inLoop[m] = loops > 0
			}
			return true
		})
	}
	walk(r.file, 0)
	needs := func(d *ast.DeferStmt) bool { return r.deferNeedsRewrite(d, inLoop[d]) }
	ast.Inspect(r.file, func(n ast.Node) bool {
		d, ok := n.(*ast.DeferStmt)
		if !ok || !needs(d) {
			return true
		}
		inner := false
		ast.Inspect(d.Call, func(m ast.Node) bool {
			if id, ok := m.(*ast.DeferStmt); ok && needs(id) {
				inner = true
			}
			return !inner
		})
		if inner {
			return true
		}
		if e, ok := r.cellStatementEdit(d, "defer", func() (string, error) { return r.deferRewrite(d, inLoop[d]) }); ok {
			cellEdits = append(cellEdits, e)
		}
		return false
	})
	return cellEdits
}

// deferFun classifies a deferred call's function.
type deferFun int

const (
	deferStatic  deferFun = iota // a declared function, literal, builtin or method expression
	deferVar                     // a variable of function type, named by an identifier
	deferMethod                  // a method value x.M
	deferDynamic                 // any other function value (a call's result, a field, an index)
)

// deferFunKind classifies call's function. A function literal deferred in a loop is
// a value that differs from one iteration to the next (its closure): yaegi reads it
// late as well, so all its calls ran the last iteration's closure, unless it calls
// recover(), which only works deferred directly.
func (r *monoRound) deferFunKind(call *ast.CallExpr, inLoop bool) (deferFun, *types.Selection) {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.FuncLit:
		if inLoop && !r.hasRecover(fun.Body) {
			return deferDynamic, nil
		}
		return deferStatic, nil
	case *ast.Ident:
		switch r.info.Uses[fun].(type) {
		case *types.Func, *types.Builtin:
			return deferStatic, nil
		}
		return deferVar, nil
	case *ast.SelectorExpr:
		sel := r.info.Selections[fun]
		if sel == nil { // a package's name
			if _, ok := r.info.Uses[fun.Sel].(*types.Func); ok {
				return deferStatic, nil
			}
			return deferDynamic, nil
		}
		switch sel.Kind() {
		case types.MethodExpr:
			return deferStatic, nil
		case types.MethodVal:
			return deferMethod, sel
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		// F[int] names an instance: static.
		if id := instantiated(fun); id != nil {
			if _, ok := r.info.Uses[id].(*types.Func); ok {
				return deferStatic, nil
			}
		}
	}
	return deferDynamic, nil
}

// instantiated is the generic function's name in F[T] or pkg.F[T, U].
func instantiated(e ast.Expr) *ast.Ident {
	var x ast.Expr
	switch e := e.(type) {
	case *ast.IndexExpr:
		x = e.X
	case *ast.IndexListExpr:
		x = e.X
	}
	switch x := x.(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// settled reports whether an argument cannot change after the defer: a constant, nil,
// a type (new(T)), or a value the rewrite has put in place.
func (r *monoRound) settled(arg ast.Expr) bool {
	if id, ok := arg.(*ast.Ident); ok && strings.HasPrefix(id.Name, deferredPrefix) {
		return true
	}
	tv, ok := r.info.Types[arg]
	return ok && (tv.Value != nil || tv.IsNil() || tv.IsType())
}

func (r *monoRound) deferNeedsRewrite(d *ast.DeferStmt, inLoop bool) bool {
	call := d.Call
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && strings.HasPrefix(id.Name, deferredPrefix) {
		return false
	}
	args := false
	for _, a := range call.Args {
		if !r.settled(a) {
			args = true
		}
	}
	kind, sel := r.deferFunKind(call, inLoop)
	switch kind {
	case deferStatic, deferVar:
		// A variable's function value is read late too, but only a new value
		// assigned after the defer would show it; with arguments it is captured.
		return args
	case deferMethod:
		if r.callsRecover(sel.Obj()) {
			return false
		}
		if !args {
			// x.M() with M's receiver *T and x a variable of type T: the receiver is
			// &x, which nothing can change.
			_, isVar := ast.Unparen(call.Fun).(*ast.SelectorExpr).X.(*ast.Ident)
			if isVar && pointerRecv(sel) && !isPointer(sel.Recv()) {
				return false
			}
		}
	}
	return true
}

// pointerRecv reports whether the selected method has a pointer receiver.
func pointerRecv(sel *types.Selection) bool {
	sig, ok := sel.Obj().Type().(*types.Signature)
	return ok && sig.Recv() != nil && isPointer(sig.Recv().Type())
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// callsRecover reports whether a method the cells declare calls recover() itself:
// deferred through a closure, its recover would no longer stop a panic.
func (r *monoRound) callsRecover(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() != r.pkg {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return false
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return true // unknown: keep recover working
	}
	for _, d := range r.methods[named.Obj()] {
		if d.Name.Name == fn.Name() {
			return r.hasRecover(d.Body)
		}
	}
	return false
}

// hasRecover reports whether body calls recover() itself (not in a literal of its own).
func (r *monoRound) hasRecover(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "recover" {
				if _, builtin := r.info.Uses[id].(*types.Builtin); builtin {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// deferRewrite returns the text that replaces the defer statement d.
func (r *monoRound) deferRewrite(d *ast.DeferStmt, inLoop bool) (string, error) {
	r.m.defers++
	k := fmt.Sprintf("%s%d%s", deferredPrefix, r.m.defers, instanceClose)
	text := func(n ast.Node) string { return r.text[r.offset(n.Pos()):r.offset(n.End())] }
	call := d.Call
	// The arguments: each its own variable, or the values of one call that returns
	// several.
	var vars, vals, types_ []string
	if len(call.Args) == 1 {
		if tuple, ok := r.info.TypeOf(call.Args[0]).(*types.Tuple); ok {
			for i := range tuple.Len() {
				t, err := r.typeText(tuple.At(i).Type())
				if err != nil {
					return "", err
				}
				vars, types_ = append(vars, fmt.Sprintf("%s%d", k, i)), append(types_, t)
			}
			vals = []string{text(call.Args[0])}
		}
	}
	if vars == nil {
		for i, a := range call.Args {
			v := fmt.Sprintf("%s%d", k, i)
			val := text(a)
			if r.settled(a) {
				vars = append(vars, val)
				continue
			}
			at := r.info.TypeOf(a)
			t := ""
			if b, ok := at.(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
				// An untyped value (x > 0, 1 << n) takes the parameter's type.
				sig, _ := r.info.TypeOf(call.Fun).(*types.Signature)
				if sig == nil {
					return "", fmt.Errorf("untyped argument %d of a call without a signature", i)
				}
				pt := paramType(sig, i, call.Ellipsis.IsValid())
				if pt == nil {
					return "", fmt.Errorf("argument %d has no parameter", i)
				}
				var err error
				if t, err = r.typeText(pt); err != nil {
					return "", err
				}
				val = t + "(" + val + ")"
			} else {
				var err error
				if t, err = r.typeText(at); err != nil {
					return "", err
				}
			}
			vars, vals, types_ = append(vars, v), append(vals, val), append(types_, t)
		}
	}
	spread := ""
	if call.Ellipsis.IsValid() {
		spread = "..."
	}
	callArgs := strings.Join(vars, ", ") + spread

	kind, sel := r.deferFunKind(call, inLoop)
	var out string
	switch kind {
	case deferStatic:
		var declared []string
		for _, v := range vars {
			if strings.HasPrefix(v, k) {
				declared = append(declared, v)
			}
		}
		out = "{ " + strings.Join(declared, ", ") + " := " + strings.Join(vals, ", ") + "; defer " + text(call.Fun) + "(" + callArgs + ") }"
	default:
		// The receiver or the function value becomes the factory's first parameter.
		var first, firstType, firstVal, callee string
		switch kind {
		case deferMethod:
			x := ast.Unparen(call.Fun).(*ast.SelectorExpr).X
			rt := r.info.TypeOf(x)
			t, err := r.typeText(rt)
			if err != nil {
				return "", err
			}
			first, firstType, firstVal = k+"r", t, text(x)
			if pointerRecv(sel) && !isPointer(rt) && !types.IsInterface(rt) {
				firstType, firstVal = "*"+t, "&"+parenthesized(x, firstVal)
			}
			callee = first + "." + sel.Obj().Name()
		default:
			if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
				// Made in the factory's closure, not in the function's own frame:
				// yaegi's closures lock the frame they were made in when they return,
				// and the frame running its deferred calls is locked (a closure of the
				// function's frame, deferred, hangs).
				callee = text(lit)
				break
			}
			t, err := r.typeText(r.info.TypeOf(call.Fun))
			if err != nil {
				return "", err
			}
			first, firstType, firstVal, callee = k+"f", t, text(call.Fun), k+"f"
		}
		if len(vals) > 0 && len(vals) != len(types_) {
			return "", fmt.Errorf("a call of several results as the argument of a method or function value")
		}
		var params, argVals []string
		if first != "" {
			params, argVals = []string{first + " " + firstType}, []string{firstVal}
		}
		j := 0
		for _, v := range vars {
			if strings.HasPrefix(v, k) {
				params = append(params, v+" "+types_[j])
				argVals = append(argVals, vals[j])
				j++
			}
		}
		out = "{ " + k + " := func(" + strings.Join(params, ", ") + ") func() { return func() { " + callee + "(" + callArgs + ") } }(" + strings.Join(argVals, ", ") + "); defer " + k + "() }"
	}
	// Keep the statement's line breaks: the code after it stays on its lines.
	if missing := strings.Count(text(d), "\n") - strings.Count(out, "\n"); missing > 0 {
		out += strings.Repeat("\n", missing)
	}
	return out, nil
}

// paramType is the type of the parameter argument i is given to.
func paramType(sig *types.Signature, i int, spread bool) types.Type {
	params := sig.Params()
	n := params.Len()
	switch {
	case sig.Variadic() && !spread && i >= n-1:
		if s, ok := params.At(n - 1).Type().Underlying().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	case i < n:
		return params.At(i).Type()
	}
	return nil
}

// parenthesized is x's text, in parentheses where &x would bind otherwise.
func parenthesized(x ast.Expr, text string) string {
	switch x.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.CompositeLit, *ast.ParenExpr:
		return text
	}
	return "(" + text + ")"
}

// cellStatementEdit is the edit that replaces statement n of the cell with what
// rewrite returns, in the cell's own offsets; none for a statement in generic code the
// cell instantiates (left to the interpreter) or one rewrite gives up on (logged as
// what).
func (r *monoRound) cellStatementEdit(n ast.Node, what string, rewrite func() (string, error)) (edit, bool) {
	from, to := r.offset(n.Pos()), r.offset(n.End())
	sp := r.spanOf(from, to)
	if sp == nil || sp.owner >= 0 {
		return edit{}, false
	}
	repl, err := rewrite()
	if err != nil {
		r.m.debug(what+" left as it is", r.text[from:to], err)
		return edit{}, false
	}
	return edit{from - sp.from + sp.src, to - sp.from + sp.src, repl}, true
}
