package prepare

import (
	"go/ast"
	"go/token"
	"maps"
	"strings"
)

// varsFromShortVars writes a top-level var declaration whose value reads a variable
// that a := statement declared (in an earlier cell or earlier in this one), or a var
// declaration of an earlier cell or of an item of this one before a statement, as a :=
// statement itself. yaegi v0.16.1 keeps := variables in its main function's frame,
// which a package-level initializer cannot see: `var y = x` fails with "variable
// definition loop". In a cell both forms declare a session variable, and the cell
// type-checked as written, so the value is assignable and the conversion changes
// nothing:
//
//	var y = x          ->  y := x
//	var y float64 = x  ->  y := float64(x)
//
// Only a declaration of one spec is rewritten (not var ( ... )), and not one with a
// type and a multi-value call.
func varsFromShortVars(shortVars map[string]bool) syntaxPass {
	// The vars of this cell's items so far that no statement came after yet: yaegi
	// initializes consecutive var declarations together, in their order.
	pending := map[string]bool{}
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		var edits []edit
		text := func(n ast.Node) string { return src[n.Pos()-1 : n.End()-1] }
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				if d.Lparen.IsValid() || len(d.Specs) != 1 {
					continue
				}
				vs := d.Specs[0].(*ast.ValueSpec)
				if len(vs.Values) == 0 || !readsAny(vs.Values, shortVars) {
					continue
				}
				if vs.Type != nil && len(vs.Values) != len(vs.Names) {
					continue
				}
				var names, values []string
				for _, n := range vs.Names {
					names = append(names, n.Name)
				}
				for _, v := range vs.Values {
					if vs.Type != nil {
						values = append(values, "("+text(vs.Type)+")("+text(v)+")")
					} else {
						values = append(values, text(v))
					}
				}
				edits = append(edits, edit{at(d.Pos()), at(d.End()), strings.Join(names, ", ") + " := " + strings.Join(values, ", ")})
			case *ast.FuncDecl:
				// The statements of a cell are checked in the function _: note the
				// variables their := statements declare, for the items after them.
				if d.Name.Name != "_" || d.Recv != nil || d.Body == nil {
					continue
				}
				for _, st := range d.Body.List {
					if as, ok := st.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
						for _, l := range as.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								shortVars[id.Name] = true
							}
						}
					}
				}
			}
		}
		// A var of an earlier item of this cell with a statement after it is one to a
		// later item as an earlier cell's is (var rw R = ...; use(rw); var r R = rw).
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok == token.VAR {
					markDeclared(d, pending)
				}
			case *ast.FuncDecl:
				if d.Name.Name == "_" && d.Recv == nil {
					maps.Copy(shortVars, pending)
					clear(pending)
				}
			}
		}
		return edits
	}
}

// markDeclared adds the names a var declaration declares to vars.
func markDeclared(d *ast.GenDecl, vars map[string]bool) {
	for _, spec := range d.Specs {
		for _, n := range spec.(*ast.ValueSpec).Names {
			if n.Name != "_" {
				vars[n.Name] = true
			}
		}
	}
}

// readsAny reports whether any of exprs mentions a name in names.
func readsAny(exprs []ast.Expr, names map[string]bool) bool {
	found := false
	for _, e := range exprs {
		ast.Inspect(e, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && names[id.Name] {
				found = true
			}
			return !found
		})
	}
	return found
}

// shortVars returns the names the session's := statements declared and no later
// declaration replaced.
func (m *monomorphizer) shortVars() map[string]bool {
	names := map[string]bool{}
	for _, d := range m.decls {
		if d.short || d.variable {
			for _, n := range d.names {
				names[n] = true
			}
		}
	}
	return names
}
