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
// builtin cannot be a value, so only its arguments are evaluated early. (recover() in
// such a deferred call does not stop a panic of the cell: the interpreter has already
// turned it into the cell's error.)
func topLevelDefers(src string, f *ast.File, at func(token.Pos) int) []edit {
	fd, ok := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	if !ok || fd.Name.Name != "_" || fd.Recv != nil {
		return nil // a declaration: its defers are its functions'
	}
	var edits []edit
	text := func(n ast.Node) string { return src[n.Pos()-1 : n.End()-1] }
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			var vars, vals, args []string
			for i, a := range n.Call.Args {
				v := fmt.Sprintf("gka%d%s%s", i, instanceOpen, instanceClose)
				vars, vals, args = append(vars, v), append(vals, text(a)), append(args, v)
			}
			if n.Call.Ellipsis.IsValid() {
				args[len(args)-1] += "..."
			}
			fun := text(n.Call.Fun)
			if id, ok := ast.Unparen(n.Call.Fun).(*ast.Ident); !ok || !builtinFuncs[id.Name] {
				v := "gkf" + instanceOpen + instanceClose
				vars, vals, fun = append([]string{v}, vars...), append([]string{fun}, vals...), v
			}
			var b strings.Builder
			b.WriteString(RuntimeAlias + ".Defer(func() func() { ")
			if len(vars) > 0 {
				fmt.Fprintf(&b, "%s := %s; ", strings.Join(vars, ", "), strings.Join(vals, ", "))
			}
			fmt.Fprintf(&b, "return func() { %s(%s) } }())", fun, strings.Join(args, ", "))
			edits = append(edits, edit{at(n.Pos()), at(n.End()), b.String()})
			return false
		}
		return true
	})
	return edits
}

// builtinFuncs are the builtins a defer statement may call that cannot be values.
// (print, println, clear, min and max are functions of the session's prelude.)
var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "new": true, "panic": true, "real": true, "recover": true,
}
