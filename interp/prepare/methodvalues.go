package prepare

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"strings"
)

// Method values bound where they are evaluated. In Go, x.M used as a value (f :=
// c.Report, append(handlers, s.Handle)) evaluates and saves its receiver there; yaegi
// v0.16.1 reads the receiver from x's slot when the method value is called, so a
// change of x in between was seen, and method values taken in a loop all had the last
// receiver. The receiver becomes the parameter of a function that returns the method
// value, so it is saved in that call's own frame:
//
//	f := c.Report
//	f := func(gkmvᐸᐳ Counter) func() { return gkmvᐸᐳ.Report }(c)
//
// (&c for a method with a pointer receiver of an addressable c, *p for a value method
// through a pointer p). Only methods the
// cells declare, on receivers that are not interfaces, are rewritten: yaegi refuses a
// compiled type's method value as a function's result. A receiver that cannot change
// between the two moments is left as it is (receiverStable): the extra call costs
// yaegi three times the method value itself (BenchmarkRewriteCost/MethodValue).

const methodValueParam = "gkmv" + instanceOpen + instanceClose

// methodValueEdits adds the edits that bind the cell's method values early.
func (r *monoRound) methodValueEdits(add func(ast.Node, string)) {
	called := map[ast.Expr]bool{}
	ast.Inspect(r.file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			called[ast.Unparen(c.Fun)] = true
		}
		return true
	})
	ast.Inspect(r.file, func(n ast.Node) bool {
		se, ok := n.(*ast.SelectorExpr)
		if !ok || called[se] {
			return true
		}
		sel := r.info.Selections[se]
		if sel == nil || sel.Kind() != types.MethodVal || sel.Obj().Pkg() != r.pkg {
			return true
		}
		if id, ok := se.X.(*ast.Ident); ok && id.Name == methodValueParam {
			return true // bound already
		}
		rt := r.info.TypeOf(se.X)
		if rt == nil || types.IsInterface(rt) || r.receiverStable(se.X, isPointer(rt) && !pointerRecv(sel)) {
			return true
		}
		recvText, err := r.typeText(rt)
		if err != nil {
			return true
		}
		sigText, err := r.typeText(sel.Type())
		if err != nil {
			return true
		}
		open, close := "", ")"
		_, plain := se.X.(*ast.Ident)
		switch {
		case pointerRecv(sel) && !isPointer(rt):
			recvText = "*" + recvText
			open = "&"
			if !plain {
				open, close = "&(", "))"
			}
		case !pointerRecv(sel) && isPointer(rt):
			// A value method through a pointer binds a copy of what it points at.
			recvText = strings.TrimPrefix(recvText, "*")
			open = "*"
			if !plain {
				open, close = "*(", "))"
			}
		}
		head := "func(" + methodValueParam + " " + recvText + ") " + sigText + " { return " + methodValueParam + "." + se.Sel.Name + " }(" + open
		add(&posRange{se.X.Pos(), se.X.Pos()}, head)
		add(&posRange{se.X.End(), se.End()}, close)
		return true
	})
}

// receiverStable reports whether yaegi's late read of the receiver x of a method
// value gives Go's answer: x is a variable of a function of the cell (not of its top
// level, which later cells and goroutines share), declared once per call of it (not
// inside a loop, and the function has no goto), and nothing in the function may store
// into it after its declaration: no assignment, ++ or -- to it or a part of it, no
// &x, no method with a pointer receiver on it, no slice of it as an array. A value
// method bound through a pointer (deref) copies what the pointer points at, which
// anything may change: never stable.
func (r *monoRound) receiverStable(x ast.Expr, deref bool) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || deref {
		return false
	}
	v, ok := r.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != r.pkg {
		return false
	}
	// The innermost function whose text holds the declaration.
	var fn ast.Node
	ast.Inspect(r.file, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			if n.Pos() <= v.Pos() && v.Pos() < n.End() {
				fn = n
			}
		}
		return n == nil || n.Pos() <= v.Pos() && v.Pos() < n.End() || n == r.file
	})
	if fn == nil {
		return false
	}
	if fd, ok := fn.(*ast.FuncDecl); ok && (fd.Name.Name == monoCellFunc || fd.Name.Name == monoShowFunc) {
		return false
	}
	root := func(e ast.Expr) types.Object {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.Ident:
				if r.info.Defs[x] != nil {
					return nil // its declaration
				}
				return r.info.Uses[x]
			default:
				return nil
			}
		}
	}
	stable := true
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= v.Pos() && v.Pos() < n.End() {
				stable = false
			}
			if rs, ok := n.(*ast.RangeStmt); ok && rs.Tok == token.ASSIGN {
				for _, e := range []ast.Expr{rs.Key, rs.Value} {
					stable = stable && (e == nil || root(e) != v)
				}
			}
		case *ast.BranchStmt:
			stable = stable && n.Tok != token.GOTO
		case *ast.AssignStmt:
			for _, e := range n.Lhs {
				stable = stable && root(e) != v
			}
		case *ast.IncDecStmt:
			stable = stable && root(n.X) != v
		case *ast.UnaryExpr:
			stable = stable && (n.Op != token.AND || root(n.X) != v)
		case *ast.SliceExpr:
			_, array := r.info.TypeOf(n.X).Underlying().(*types.Array)
			stable = stable && (!array || root(n.X) != v)
		case *ast.SelectorExpr:
			if sel := r.info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal && pointerRecv(sel) && !isPointer(r.info.TypeOf(n.X)) {
				stable = stable && root(n.X) != v
			}
		}
		return stable
	})
	return stable
}

// mayTakeMethodValue reports whether code may use a method the cells declare as a
// value: it names one after a period, not followed by a call's parenthesis, or the
// cell declares methods.
func (m *monomorphizer) mayTakeMethodValue(code string) bool {
	methods := map[string]bool{}
	for _, d := range m.decls {
		for _, n := range d.names {
			if _, meth, ok := strings.Cut(n, "."); ok {
				methods[meth] = true
			}
		}
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(code))
	var s scanner.Scanner
	s.Init(file, []byte(code), func(token.Position, string) {}, 0)
	var prev, prev2 token.Token
	var name string
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			return false
		}
		if prev2 == token.PERIOD && prev == token.IDENT && tok != token.LPAREN && methods[name] {
			return true
		}
		if (prev2 == token.SEMICOLON || prev2 == token.ILLEGAL) && prev == token.FUNC && tok == token.LPAREN {
			return true // a method declaration, or a literal called as a statement
		}
		prev2, prev, name = prev, tok, lit
	}
}
