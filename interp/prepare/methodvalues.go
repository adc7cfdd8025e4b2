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
// (&c for a method with a pointer receiver of an addressable c). Only methods the
// cells declare, on receivers that are not interfaces, are rewritten: yaegi refuses a
// compiled type's method value as a function's result.

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
		if rt == nil || types.IsInterface(rt) {
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
		if pointerRecv(sel) && !isPointer(rt) {
			recvText = "*" + recvText
			open = "&"
			if _, plain := se.X.(*ast.Ident); !plain {
				open, close = "&(", "))"
			}
		}
		head := "func(" + methodValueParam + " " + recvText + ") " + sigText + " { return " + methodValueParam + "." + se.Sel.Name + " }(" + open
		add(&posRange{se.X.Pos(), se.X.Pos()}, head)
		add(&posRange{se.X.End(), se.End()}, close)
		return true
	})
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
