package prepare

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"strings"
)

// Top-level comma-ok: at the top level of a cell, yaegi v0.16.1 cannot declare two
// variables from a comma-ok expression (v, ok := m[k], <-ch, x.(T), and the same as a
// var declaration): it panics with "nil type". It can assign them, inside a function.
// So the declaration is written as one of each variable, with the type go/types found,
// and an assignment from a function literal, all on the cell's line:
//
//	val, found := mm["a"]
//	var val int; var found bool; func() { gkv, gkok := mm["a"]; val, found = gkv, gkok }()
//
// A variable whose type cannot be written in the cell (a type local to a function)
// keeps the statement as it was.

// commaOkDecl matches an item that may declare two variables from a comma-ok
// expression; the cheap test that decides whether a cell needs the typed rewrites.
var commaOkDecl = regexp.MustCompile(`^\s*(?:var\s+)?[\pL_][\pL\pN_]*\s*,\s*[\pL_][\pL\pN_]*\s*(?::=|[\pL\pN_\s.*\[\]]*=)[^=]*(?:\[|<-|\.\()`)

// hasTopLevelCommaOk reports whether a top-level item of the cell may be a comma-ok
// declaration.
func hasTopLevelCommaOk(code string, items []Item) bool {
	for _, it := range items {
		if !it.IsImport && commaOkDecl.MatchString(code[it.Start:it.End]) {
			return true
		}
	}
	return false
}

// topLevelCommaOk returns the edits that rewrite the cell's top-level comma-ok
// declarations. In the checked file they are package-level var specs (a := statement
// of the cell is checked as one), with two names and one comma-ok value.
func (r *monoRound) topLevelCommaOk() []edit {
	var edits []edit
	for _, d := range r.file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) != 2 || len(vs.Values) != 1 || !isCommaOkExpr(vs.Values[0]) {
				continue
			}
			if e, ok := r.commaOkEdit(vs); ok {
				edits = append(edits, e)
			}
		}
	}
	return edits
}

// isCommaOkExpr reports whether e is an index, a receive or a type assertion.
func isCommaOkExpr(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.ARROW
	}
	return false
}

// commaOkEdit rewrites the cell item that is exactly the declaration vs. A name the
// cell declared before (ok in a second v, ok := ...) is checked as _ (see check) and
// is assigned here, not declared again.
func (r *monoRound) commaOkEdit(vs *ast.ValueSpec) (edit, bool) {
	valueFrom, to := r.cellOffset(r.offset(vs.Values[0].Pos())), r.cellOffset(r.offset(vs.Values[0].End()))
	if valueFrom < 0 || to < 0 {
		return edit{}, false
	}
	var item *Item
	for i := range r.items {
		if it := &r.items[i]; it.Start <= valueFrom && to <= it.End {
			item = it
		}
	}
	if item == nil || strings.TrimSpace(r.cell[to:item.End]) != "" {
		return edit{}, false
	}
	// The names as the cell writes them: "a, b :=" or "var a, b =".
	head := strings.TrimSpace(r.cell[item.Start:valueFrom])
	head = strings.TrimSpace(strings.TrimPrefix(head, "var"))
	lhs, ok := strings.CutSuffix(head, ":=")
	if !ok {
		if lhs, ok = strings.CutSuffix(head, "="); !ok {
			return edit{}, false
		}
	}
	written := strings.Split(lhs, ",")
	if len(written) != len(vs.Names) {
		return edit{}, false // var ( ... ), a type, or a statement that is more than this
	}
	var decls, names []string
	for i, id := range vs.Names {
		name := strings.TrimSpace(written[i])
		if !token.IsIdentifier(name) {
			return edit{}, false
		}
		names = append(names, name)
		if name == "_" || id.Name == "_" {
			continue // blank, or declared before: assigned below
		}
		obj, ok := r.info.Defs[id].(*types.Var)
		if !ok {
			return edit{}, false
		}
		t, err := r.typeText(obj.Type())
		if err != nil {
			return edit{}, false
		}
		decls = append(decls, "var "+name+" "+t+"; ")
	}
	value := r.cell[valueFrom:to]
	tmp := []string{"gkv" + instanceOpen + instanceClose, "gkok" + instanceOpen + instanceClose}
	var lhsNames, rhs []string
	for i, n := range names {
		if n == "_" {
			tmp[i] = "_"
			continue
		}
		lhsNames, rhs = append(lhsNames, n), append(rhs, tmp[i])
	}
	if len(lhsNames) == 0 {
		return edit{}, false
	}
	repl := strings.Join(decls, "") + "func() { " + tmp[0] + ", " + tmp[1] + " := " + value + "; " +
		strings.Join(lhsNames, ", ") + " = " + strings.Join(rhs, ", ") + " }()"
	return edit{item.Start, item.End, repl}, true
}
