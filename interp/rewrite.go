package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// A syntaxPass finds the edits one of the cell rewrites makes in one top-level item
// of a cell. src is what was parsed: the item alone in a file, a statement inside a
// function; at maps a position in it to an offset in the cell. Passes work around
// yaegi v0.16.1's mistakes in plain Go, each by writing the construct another way
// that means the same in Go, and never move a line of the cell, so errors keep their
// positions.
type syntaxPass func(src string, f *ast.File, at func(token.Pos) int) []edit

// rewriteSyntax parses each item of the cell once and applies the passes' edits.
func rewriteSyntax(code string, passes ...syntaxPass) string {
	items, err := splitItems(code)
	if err != nil {
		return code
	}
	var edits []edit
	for _, it := range items {
		prefix, suffix := "package p;", ""
		if it.kind == stmtChunk {
			prefix, suffix = "package p; func _() {", "\n}"
		}
		src := prefix + code[it.start:it.end] + suffix
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		base := it.start - len(prefix) - 1 // token.Pos p is at cell offset base+p
		at := func(p token.Pos) int { return base + int(p) }
		for _, pass := range passes {
			edits = append(edits, pass(src, f, at)...)
		}
	}
	return applyEdits(code, edits)
}

// parenthesizeCompositeLits puts parentheses around composite literals assigned to
// variables, fields and elements. In a, b := s, []int{9} (and var a, b = ..., in a
// function) yaegi v0.16.1 sets every value but the literal to its zero value, and
// s.f = T{} into an interface-typed field panics (reflect.Set: ...valueInterface is
// not assignable); with the literal in parentheses both work.
func parenthesizeCompositeLits(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	wrap := func(values []ast.Expr) {
		for _, v := range values {
			if _, ok := v.(*ast.CompositeLit); ok {
				edits = append(edits, edit{at(v.Pos()), at(v.Pos()), "("}, edit{at(v.End()), at(v.End()), ")"})
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			wrap(n.Rhs)
		case *ast.ValueSpec:
			if len(n.Values) > 1 {
				wrap(n.Values)
			}
		}
		return true
	})
	return edits
}

// commaOkIntoVariables splits v, ok = m[k] (and <-ch, x.(T)) into existing variables
// into a declaration and two plain assignments, in a block of their own:
//
//	{ gkV, gkOK := m[k]; v = gkV; ok = gkOK }
//
// yaegi v0.16.1 stores the value in the variable as it is, so an interface variable
// receiving a map's concrete element is left holding a broken value (reflect: call of
// reflect.Value.Interface on zero Value). Only statements in a statement list are
// rewritten (a block is no if or for header), and only into plain names, whose
// evaluation the reordering cannot change.
func commaOkIntoVariables(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	split := func(list []ast.Stmt) {
		for _, st := range list {
			as, ok := st.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
				continue
			}
			switch r := as.Rhs[0].(type) {
			case *ast.IndexExpr, *ast.TypeAssertExpr:
			case *ast.UnaryExpr:
				if r.Op != token.ARROW {
					continue
				}
			default:
				continue
			}
			var names [2]string
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					names[0] = ""
					break
				}
				names[i] = id.Name
			}
			if names[0] == "" || names[1] == "" {
				continue
			}
			rhs := src[as.Rhs[0].Pos()-1 : as.Rhs[0].End()-1]
			edits = append(edits, edit{at(as.Pos()), at(as.End()),
				"{ gkV, gkOK := " + rhs + "; " + names[0] + " = gkV; " + names[1] + " = gkOK }"})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			split(n.List)
		case *ast.CaseClause:
			split(n.Body)
		case *ast.CommClause:
			split(n.Body)
		}
		return true
	})
	return edits
}

// dropBlankTypes removes the declarations of types named _, which declare nothing:
// yaegi v0.16.1 rejects type _ struct{} (cannot use _ as value). The lines they
// spanned stay, empty.
func dropBlankTypes(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		d, ok := n.(*ast.GenDecl)
		if !ok || d.Tok != token.TYPE {
			return true
		}
		blank := 0
		for _, s := range d.Specs {
			if ts := s.(*ast.TypeSpec); ts.Name.Name == "_" {
				blank++
				if d.Lparen.IsValid() {
					text := src[int(ts.Pos())-1 : int(ts.End())-1]
					edits = append(edits, edit{at(ts.Pos()), at(ts.End()), strings.Repeat("\n", strings.Count(text, "\n"))})
				}
			}
		}
		if blank > 0 && !d.Lparen.IsValid() {
			text := src[int(d.Pos())-1 : int(d.End())-1]
			edits = append(edits, edit{at(d.Pos()), at(d.End()), "type (" + strings.Repeat("\n", strings.Count(text, "\n")) + ")"})
		}
		return false
	})
	return edits
}
