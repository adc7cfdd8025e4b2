package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// perIterationLoopVars gives loop variables Go 1.22's semantics: each iteration of a
// for loop has its own copy of the variables its header declares with :=. yaegi
// v0.16.1 shares one variable across all iterations, so closures and goroutines made
// in the body all see its last value (closures over i print 3 3 3, goroutines writing
// res[i] index out of range). Only loops whose body captures a loop variable in a
// function literal or takes its address are rewritten; elsewhere the difference cannot
// be seen. The copy is declared on the line of the body's opening brace:
//
//	for k, v := range xs { v := v; ...
//	for i := 0; i < n; i++ { gkloopᐸ1ᐳi := &i; i := i; ...; *gkloopᐸ1ᐳi = i }
//
// In a three-clause loop the next iteration starts from the value the body left, so
// the copy is written back before the post statement runs: at the end of the body and
// at every continue that goes to this loop. (A continue that the select pass turned
// into a goto does not write back: a select that continues a loop whose captured
// variable the body also changes is left with the old meaning.)
func perIterationLoopVars(rangeInts map[*ast.RangeStmt]bool) syntaxPass {
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		return loopVarEdits(src, f, at, rangeInts)
	}
}

// loopVarEdits is perIterationLoopVars on one parsed item; the loops over integers that
// rangeOverInt rewrote have their per-iteration variable already.
func loopVarEdits(src string, f *ast.File, at func(token.Pos) int, rangeInts map[*ast.RangeStmt]bool) []edit {
	var edits []edit
	loops := 0
	labels := map[ast.Stmt]string{}
	// copies counts the loops whose body captures a header variable, whether this
	// pass copies it or the body does (v := v): at the top level both need the wrap.
	copies := 0
	// loopEdits are the edits that give loop its per-iteration variables.
	loopEdits := func(n ast.Node) []edit {
		var out []edit
		switch n := n.(type) {
		case *ast.RangeStmt:
			if n.Tok != token.DEFINE {
				return nil
			}
			if rangeInts[n] {
				// Its variable is per iteration already, but at a cell's top level
				// only once the statement runs as a function (below).
				if id, ok := n.Key.(*ast.Ident); ok && id.Name != "_" && captured(n.Body, id.Name) {
					copies++
				}
				return nil
			}
			var names []string
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" && captured(n.Body, id.Name) {
					copies++
					if !declaredIn(n.Body, id.Name) {
						names = append(names, id.Name)
					}
				}
			}
			if len(names) > 0 {
				list := strings.Join(names, ", ")
				out = append(out, edit{at(n.Body.Lbrace) + 1, at(n.Body.Lbrace) + 1, " " + list + " := " + list + ";"})
			}
		case *ast.ForStmt:
			init, ok := n.Init.(*ast.AssignStmt)
			if !ok || init.Tok != token.DEFINE {
				return nil
			}
			var names []string
			for _, e := range init.Lhs {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" && captured(n.Body, id.Name) {
					copies++
					if !declaredIn(n.Body, id.Name) {
						names = append(names, id.Name)
					}
				}
			}
			if len(names) == 0 {
				return nil
			}
			loops++
			var open, back strings.Builder
			for _, name := range names {
				ptr := fmt.Sprintf("gkloop%s%d%s%s", instanceOpen, loops, instanceClose, name)
				fmt.Fprintf(&open, " %s := &%s;", ptr, name)
				fmt.Fprintf(&back, " *%s = %s;", ptr, name)
			}
			list := strings.Join(names, ", ")
			fmt.Fprintf(&open, " %s := %s;", list, list)
			out = append(out, edit{at(n.Body.Lbrace) + 1, at(n.Body.Lbrace) + 1, open.String()})
			for _, c := range continuesOf(n, labels[n]) {
				out = append(out, edit{at(c.Pos()), at(c.End()), "{" + back.String() + " " + src[c.Pos()-1:c.End()-1] + " }"})
			}
			out = append(out, edit{at(n.Body.Rbrace), at(n.Body.Rbrace), ";" + back.String() + " "})
		}
		return out
	}
	// visit collects the loops' edits under n; it reports whether a loop there
	// captures its variables.
	visit := func(n ast.Node) bool {
		before := copies
		ast.Inspect(n, func(n ast.Node) bool {
			if l, ok := n.(*ast.LabeledStmt); ok {
				labels[l.Stmt] = l.Label.Name
			}
			edits = append(edits, loopEdits(n)...)
			return true
		})
		return copies > before
	}
	// A statement at the top level of a cell runs in the interpreter's main scope,
	// where yaegi v0.16.1 gets i := i wrong (the copy is the loop variable itself, and
	// the loop never ends), whether this pass or the user wrote it. Such a statement runs as a function literal instead, when
	// that means the same: when it does not return or jump out.
	if fd, ok := f.Decls[len(f.Decls)-1].(*ast.FuncDecl); ok && fd.Name.Name == "_" && fd.Recv == nil {
		for _, st := range fd.Body.List {
			before := len(edits)
			if !visit(st) {
				continue
			}
			if !wrappable(st) {
				edits = edits[:before]
				continue
			}
			edits = append(edits, edit{at(st.Pos()), at(st.Pos()), "func() { "}, edit{at(st.End()), at(st.End()), " }()"})
		}
		return edits
	}
	visit(f)
	return edits
}

// wrappable reports whether statement st means the same inside a function literal
// called on the spot: it has no return, goto, or labeled jump out of it, outside
// function literals of its own. (Its defers are the session's: see topLevelDefers.)
func wrappable(st ast.Stmt) bool {
	ok := true
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			ok = false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO || n.Label != nil && !labeledWithin(st, n.Label.Name) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// labeledWithin reports whether label names a statement inside st.
func labeledWithin(st ast.Stmt, label string) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == label {
			found = true
		}
		return !found
	})
	return found
}

// declaredIn reports whether a statement of block (not of a block inside it) declares
// name: the body already makes its own copy (the pre-Go 1.22 idiom v := v), and a
// second declaration in the same block would not compile.
func declaredIn(block *ast.BlockStmt, name string) bool {
	for _, st := range block.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name {
						return true
					}
				}
			}
		case *ast.DeclStmt:
			if gd, ok := st.Decl.(*ast.GenDecl); ok {
				for _, spec := range gd.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							if id.Name == name {
								return true
							}
						}
					}
				}
			}
		}
	}
	return false
}

// captured reports whether body refers to name inside a function literal, or takes
// its address. It goes by the name alone, so an inner variable of the same name counts
// too: a needless copy is harmless.
func captured(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Name == name {
					found = true
				}
				return !found
			})
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND && rootIdent(n.X) == name {
				found = true
			}
		}
		return true
	})
	return found
}

// rootIdent is the variable an operand of & starts from: x in x, x.f, x[i], (x).
func rootIdent(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		default:
			return ""
		}
	}
}

// continuesOf returns the continue statements in loop's body that go to loop: those
// without a label outside any inner loop, and those naming label. Function literals
// are their own world.
func continuesOf(loop *ast.ForStmt, label string) []*ast.BranchStmt {
	var out []*ast.BranchStmt
	var walk func(n ast.Node, inner bool)
	walk = func(n ast.Node, inner bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ForStmt:
				walk(m.Body, true)
				return false
			case *ast.RangeStmt:
				walk(m.Body, true)
				return false
			case *ast.BranchStmt:
				if m.Tok == token.CONTINUE && (m.Label == nil && !inner || m.Label != nil && m.Label.Name == label && label != "") {
					out = append(out, m)
				}
			}
			return true
		})
	}
	walk(loop.Body, false)
	return out
}
