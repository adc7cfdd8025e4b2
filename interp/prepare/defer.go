package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// topLevelDefers hands the defer statements of a cell's top level to the session:
// yaegi v0.16.1 keeps them in the frame of its main function, which lives as long as
// the session, and runs them at the end of every later evaluation (a cell's defer ran
// again in every later cell, and early when the cell also declared a var, which ends
// one evaluation). In Go they run once, when the statements around them finish, last
// deferred first, with the function and its arguments evaluated at the defer
// statement. The rewrite keeps exactly that:
//
//	defer cancel()
//	__gk.Defer(func() func() { gkfᐸᐳ := cancel; return func() { gkfᐸᐳ() } }())
//
// and the session runs what was deferred when the cell's statements are done. A
// builtin cannot be a value, so only its arguments are evaluated early. The cell's
// own text stays where it was, so the other passes rewrite inside it as anywhere else.
// Known differences: recover() in such a deferred call does not stop a panic of the
// cell (the interpreter has already turned it into the cell's error), and yaegi binds a
// method value's receiver late, so defer t.M() with a value receiver sees later
// changes to t.
func topLevelDefers(src string, f *ast.File, at func(token.Pos) int) []edit {
	fd, ok := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	if !ok || fd.Name.Name != "_" || fd.Recv != nil {
		return nil // a declaration: its defers are its functions'
	}
	var edits []edit
	// gap replaces src[from:to], which holds no code of the cell (brackets, commas,
	// the defer keyword), keeping its line breaks: the code between the gaps stays
	// where it is, so the other passes' edits inside it still apply.
	gap := func(from, to token.Pos, repl string) {
		edits = append(edits, edit{at(from), at(to), repl + strings.Repeat("\n", strings.Count(src[from-1:to-1], "\n"))})
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			deferAsClosure(n, RuntimeAlias+".Defer(", gap)
			return false
		}
		return true
	})
	return edits
}

// deferAsClosure rewrites, through gap, the statement defer F(ARGS) into
// REGISTER func() func() { f, a0, ... := F, ARGS; return func() { f(a0, ...) } }()),
// which evaluates the function and its arguments where the defer stood and hands
// REGISTER (an open call) the deferred call. F and ARGS stay where they are.
func deferAsClosure(n *ast.DeferStmt, register string, gap func(from, to token.Pos, repl string)) {
	call := n.Call
	var vars, args []string
	for i := range call.Args {
		v := fmt.Sprintf("gka%d%s%s", i, instanceOpen, instanceClose)
		vars, args = append(vars, v), append(args, v)
	}
	if call.Ellipsis.IsValid() {
		args[len(args)-1] += "..."
	}
	fun := "gkf" + instanceOpen + instanceClose
	id, isIdent := ast.Unparen(call.Fun).(*ast.Ident)
	builtin := isIdent && builtinFuncs[id.Name]
	if builtin {
		fun = id.Name
	} else {
		vars = append([]string{fun}, vars...)
	}
	open := register + "func() func() { "
	if len(vars) > 0 {
		open += strings.Join(vars, ", ") + " := "
	}
	closing := "return func() { " + fun + "(" + strings.Join(args, ", ") + ") } }())"
	if len(vars) > 0 {
		closing = "; " + closing
	}
	// The function (a builtin's name aside) and the arguments stay where they
	// are, with the commas between the arguments; the rest is rewritten.
	kept := call.Args
	if !builtin {
		kept = append([]ast.Expr{call.Fun}, call.Args...)
	}
	if len(kept) == 0 {
		gap(n.Pos(), call.End(), open+closing) // defer recover()
		return
	}
	gap(n.Pos(), kept[0].Pos(), open)
	if !builtin && len(call.Args) > 0 {
		gap(call.Fun.End(), call.Args[0].Pos(), ", ") // f( becomes f,
	}
	gap(kept[len(kept)-1].End(), call.End(), closing)
}

// builtinFuncs are the builtins a defer statement may call that cannot be values.
// (print, println, clear, min and max are functions of the session's prelude.)
var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "new": true, "panic": true, "real": true, "recover": true,
}
