package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// typeSwitchesAsAssertions turns type switches into expression switches over type
// assertions. yaegi v0.16.1 matches a type switch case by comparing type names as
// strings ("weak check", says its source): a struct or interface the cell declares
// never matches, `case error` misses every error, and a value of type D int matches
// `case int`. Its comma-ok type assertion gets the first two right, so
//
//	switch v := x.(type) {
//	case A, B:
//	case nil:
//	case C:
//
// runs as
//
//	{ gkTS1 := x; gkTSk1 := -1; if gkTS1 == nil { gkTSk1 = 1 } else if _, gkok := gkTS1.(A); gkok { gkTSk1 = 0 } else if ...; switch gkTSk1 {
//	case 0: v := gkTS1; _ = v
//	case 1: v := gkTS1; _ = v
//	case 2: v := gkTS1.(C); _ = v
//	}}
//
// which keeps Go's meaning (types tried in source order, the first match wins,
// default when none does, break leaves the switch) and every line of the cell where it
// was: all insertions stay on the line of the header or case they replace. A nil
// interface value is tested before asserting, because yaegi panics asserting nil to an
// interface type. The case is chosen by a chain of if statements, not by function
// literals in the cases: yaegi makes a closure each time it evaluates one, which made
// a six-case switch in a loop seven times slower than yaegi's own (BenchmarkRewriteCost).
// A label stays on the switch, inside the block, unless a goto names it (a goto may
// not jump into a block): such a switch keeps its assertions inline, in function
// literals. The counter numbering the switches lives as long as the pass, one cell.
func typeSwitchesAsAssertions() syntaxPass {
	n := 0
	return func(src string, f *ast.File, at func(token.Pos) int) []edit {
		var edits []edit
		labels, gotos := statementLabels(f)
		ast.Inspect(f, func(node ast.Node) bool {
			ts, ok := node.(*ast.TypeSwitchStmt)
			if !ok {
				return true
			}
			label := labels[ts]
			inline := label != nil && gotos[label.Label.Name]
			if inline && ts.Init != nil {
				return true // the label must stay on the switch, with no block around it
			}
			var bound string
			var assert *ast.TypeAssertExpr
			switch a := ts.Assign.(type) {
			case *ast.ExprStmt:
				assert, _ = a.X.(*ast.TypeAssertExpr)
			case *ast.AssignStmt:
				if len(a.Lhs) == 1 && len(a.Rhs) == 1 {
					if id, ok := a.Lhs[0].(*ast.Ident); ok {
						bound = id.Name
					}
					assert, _ = a.Rhs[0].(*ast.TypeAssertExpr)
				}
			}
			if assert == nil {
				return true
			}
			n++
			if inline {
				edits = append(edits, inlineTypeSwitch(src, at, ts, assert, bound, n)...)
			} else {
				edits = append(edits, chainedTypeSwitch(src, at, ts, label, assert, bound, n)...)
			}
			return true
		})
		return edits
	}
}

// chainedTypeSwitch is the switch over the index of the case an if chain chose.
func chainedTypeSwitch(src string, at func(token.Pos) int, ts *ast.TypeSwitchStmt, label *ast.LabeledStmt, assert *ast.TypeAssertExpr, bound string, n int) []edit {
	text := func(x ast.Node) string { return src[x.Pos()-1 : x.End()-1] }
	tmp, index := fmt.Sprintf("gkTS%d", n), fmt.Sprintf("gkTSk%d", n)
	var chain []string
	nilCase := "-1"
	var clauses []edit
	for i, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		single := ""
		for _, t := range cc.List {
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
				nilCase = strconv.Itoa(i)
				continue
			}
			chain = append(chain, fmt.Sprintf("if _, gkok := %s.(%s); gkok { %s = %d }", tmp, text(t), index, i))
			single = text(t)
		}
		clause := "default:"
		if cc.List != nil {
			clause = fmt.Sprintf("case %d:", i)
		}
		clause += caseBinding(bound, tmp, single, len(cc.List))
		clauses = append(clauses, edit{at(cc.Case), at(cc.Colon) + 1, clause})
	}
	header := "{ "
	if ts.Init != nil {
		header += text(ts.Init) + "; "
	}
	header += fmt.Sprintf("%s := %s; %s := -1; if %s == nil { %s = %s }", tmp, text(assert.X), index, tmp, index, nilCase)
	for _, c := range chain {
		header += " else " + c
	}
	header += "; "
	edits := []edit{{at(ts.End()), at(ts.End()), " }"}}
	if label != nil {
		// The label moves inside the block, onto the switch that break and continue
		// name it by; whatever separated them (a line break) stays, and what the block
		// evaluates first is on the label's line.
		edits = append(edits, edit{at(label.Pos()), at(label.Colon) + 1, header + label.Label.Name + ":"})
		header = ""
	}
	edits = append(edits, edit{at(ts.Switch), at(ts.Body.Lbrace), header + "switch " + index + " "})
	return append(edits, clauses...)
}

// caseBinding declares, at the start of a case, the variable bound (if any) that
// switch v := x.(type) gives the case: of the case's one type single, or of x's type
// for a case of several types, nil or default.
func caseBinding(bound, tmp, single string, types int) string {
	switch {
	case bound == "":
		return ""
	case types == 1 && single != "":
		return fmt.Sprintf(" %s := %s.(%s); _ = %s;", bound, tmp, single, bound)
	}
	return fmt.Sprintf(" %s := %s; _ = %s;", bound, tmp, bound)
}

// inlineTypeSwitch is the switch whose cases assert in function literals, for a
// labeled switch a goto names.
func inlineTypeSwitch(src string, at func(token.Pos) int, ts *ast.TypeSwitchStmt, assert *ast.TypeAssertExpr, bound string, n int) []edit {
	text := func(x ast.Node) string { return src[x.Pos()-1 : x.End()-1] }
	tmp := fmt.Sprintf("gkTS%d", n)
	edits := []edit{{at(ts.Switch), at(ts.Body.Lbrace), "switch " + tmp + " := " + text(assert.X) + "; "}}
	for _, s := range ts.Body.List {
		cc := s.(*ast.CaseClause)
		var conds []string
		single := ""
		for _, t := range cc.List {
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
				conds = append(conds, tmp+" == nil")
				continue
			}
			conds = append(conds, fmt.Sprintf("%s != nil && func() bool { _, ok := %s.(%s); return ok }()", tmp, tmp, text(t)))
			single = text(t)
		}
		clause := "default:"
		if len(conds) > 0 {
			clause = "case " + strings.Join(conds, " || ") + ":"
		}
		clause += caseBinding(bound, tmp, single, len(cc.List))
		edits = append(edits, edit{at(cc.Case), at(cc.Colon) + 1, clause})
	}
	return edits
}
