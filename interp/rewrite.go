package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
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

// parenthesizeCompositeLits puts parentheses around the composite literals among
// several values assigned at once. In a, b := s, []int{9} (and var a, b = ..., in a
// function) yaegi v0.16.1 sets every value but the literal to its zero value; with
// a, b := s, ([]int{9}) it does not.
func parenthesizeCompositeLits(src string, f *ast.File, at func(token.Pos) int) []edit {
	var edits []edit
	wrap := func(values []ast.Expr) {
		if len(values) < 2 {
			return
		}
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
			wrap(n.Values)
		}
		return true
	})
	return edits
}
