package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// expressionSwitches rewrites the expression switches yaegi v0.16.1 gets wrong:
//
//   - a switch with an init statement and a tag evaluates the tag before the init
//     statement (switch parts := split(s); len(parts) saw no parts); the init
//     statement moves into a block before the switch:
//
//     switch init; tag {        { init; switch tag {
//     }                         }}
//
//   - a case listing several expressions that are not all literals compares the tag
//     with the first only (case f(), g(): never called g); such a switch becomes a
//     tagless one over the tag's value, whose case lists taglessCaseLists would also
//     get right, written here directly:
//
//     switch tag {              { gkSW1 := tag; switch {
//     case a, b:                case gkSW1 == a || gkSW1 == b:
//     }                         }}
//
// Go's order holds: init, then the tag once, then the cases' expressions in order
// until one is equal. A label moves into the block onto the switch (break names it
// there); a switch whose label a goto names is left as it is. Every line
// stays where it was. The counter numbering the switches lives as long as the pass,
// one cell.
func expressionSwitches() syntaxPass {
	n := 0
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		text := func(x ast.Node) string { return src[x.Pos()-1 : x.End()-1] }
		labels, gotos := statementLabels(f)
		var edits []edit
		ast.Inspect(f, func(node ast.Node) bool {
			sw, ok := node.(*ast.SwitchStmt)
			if !ok || sw.Tag == nil {
				return true
			}
			tagless := hasNonLiteralCaseList(sw)
			label := labels[sw]
			if !tagless && sw.Init == nil || label != nil && gotos[label.Label.Name] {
				return true
			}
			// Both forms are a block around the switch, holding what the switch
			// evaluates first (the tag's value is held in a variable of the block, not
			// of the switch's init statement, which yaegi mistakes for the tag).
			header := "{ "
			if sw.Init != nil {
				header += text(sw.Init) + "; "
			}
			tmp := ""
			if tagless {
				n++
				tmp = fmt.Sprintf("gkSW%d", n)
				header += tmp + " := " + text(sw.Tag) + "; "
			}
			edits = append(edits, edit{at(sw.End()), at(sw.End()), "}"})
			if label != nil {
				edits = append(edits, edit{at(label.Pos()), at(label.Colon) + 1, header + label.Label.Name + ":"})
				header = ""
			}
			if !tagless {
				edits = append(edits, edit{at(sw.Switch), at(sw.Tag.Pos()), header + "switch "})
				return true
			}
			edits = append(edits, edit{at(sw.Switch), at(sw.Body.Lbrace), header + "switch "})
			for _, s := range sw.Body.List {
				cc := s.(*ast.CaseClause)
				if cc.List == nil {
					continue
				}
				for i, e := range cc.List {
					// Parentheses only where == would bind otherwise: yaegi v0.16.1
					// fails on s == (5) ("call of reflect.Value.Bool on int Value").
					open, close := tmp+" == ", ""
					if b, ok := e.(*ast.BinaryExpr); ok && b.Op.Precedence() <= token.EQL.Precedence() {
						open, close = tmp+" == (", ")"
					}
					if i > 0 {
						// The comma between two becomes ||, keeping its line breaks.
						between := src[cc.List[i-1].End()-1 : e.Pos()-1]
						open = " ||" + strings.Repeat("\n", strings.Count(between, "\n")) + " " + open
						edits = append(edits, edit{at(cc.List[i-1].End()), at(e.Pos()), open})
					} else {
						edits = append(edits, edit{at(e.Pos()), at(e.Pos()), open})
					}
					if close != "" {
						edits = append(edits, edit{at(e.End()), at(e.End()), close})
					}
				}
			}
			return true
		})
		return edits
	}
}

// hasNonLiteralCaseList reports whether a case of sw lists several expressions, not
// all of them literals.
func hasNonLiteralCaseList(sw *ast.SwitchStmt) bool {
	for _, s := range sw.Body.List {
		cc := s.(*ast.CaseClause)
		if len(cc.List) < 2 {
			continue
		}
		for _, e := range cc.List {
			if !isLiteral(e) {
				return true
			}
		}
	}
	return false
}
