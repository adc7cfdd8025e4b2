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
// defer recover() is left as it is: it has no value. A recover() of the cell's top
// level, in no function, is not called by a deferred function, so it is nil, as Go
// says; yaegi v0.16.1 failed there with a nil pointer dereference.
func recoveredValues(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	deferred := map[*ast.CallExpr]bool{}
	var funcs []ast.Node // the functions recover may run in (not the statements' wrapper, _)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			funcs = append(funcs, n)
		case *ast.FuncDecl:
			if n.Name.Name != "_" {
				funcs = append(funcs, n)
			}
		case *ast.DeferStmt:
			deferred[n.Call] = true
		case *ast.GoStmt:
			deferred[n.Call] = true
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "recover" && len(n.Args) == 0 && !deferred[n] {
				inFunc := false
				for _, fn := range funcs {
					inFunc = inFunc || fn.Pos() <= n.Pos() && n.End() <= fn.End()
				}
				if !inFunc {
					edits = append(edits, edit{at(n.Pos()), at(n.End()), "any(nil)"})
					break
				}
				edits = append(edits, edit{at(n.Pos()), at(n.Pos()), RuntimeAlias + ".Recovered("}, edit{at(n.End()), at(n.End()), ")"})
			}
		}
		return true
	})
	return edits
}

// panicNilValues makes panic(nil) panic with a *runtime.PanicNilError, as Go has
// since 1.21 (recover returns it, a runtime.Error, and an unrecovered one prints
// "panic called with nil argument"); yaegi v0.16.1 recovered a bare nil, and at a
// cell's top level failed with "nil type".
//
//	panic(nil)
//	panic(__gk.PanicNilError())
func panicNilValues(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 {
			fun, ok1 := call.Fun.(*ast.Ident)
			arg, ok2 := ast.Unparen(call.Args[0]).(*ast.Ident)
			if ok1 && ok2 && fun.Name == "panic" && arg.Name == "nil" {
				edits = append(edits, edit{at(call.Args[0].Pos()), at(call.Args[0].End()), RuntimeAlias + ".PanicNilError()"})
			}
		}
		return true
	})
	return edits
}

// tagless switch cases with several expressions: in switch { case a, b: }, yaegi
// v0.16.1 evaluates and tests only a (case x == 1, x == 2 did not match 2). A
// tagless case is a list of booleans, which Go tests in order until one is true:
// a || b means the same.
//
//	case x == 1, x == 2:
//	case (x == 1) || (x == 2):
func taglessCaseLists(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag != nil {
			return true
		}
		for _, st := range sw.Body.List {
			cc, ok := st.(*ast.CaseClause)
			if !ok || len(cc.List) < 2 {
				continue
			}
			edits = append(edits, edit{at(cc.List[0].Pos()), at(cc.List[0].Pos()), "("})
			for i := 1; i < len(cc.List); i++ {
				// The comma between two expressions becomes ") || (".
				edits = append(edits, edit{at(cc.List[i-1].End()), at(cc.List[i].Pos()), ") || ("})
			}
			last := cc.List[len(cc.List)-1]
			edits = append(edits, edit{at(last.End()), at(last.End()), ")"})
		}
		return true
	})
	return edits
}
