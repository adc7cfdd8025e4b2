package prepare

import (
	"go/ast"
	"go/token"
)

// statementLabels maps each labeled statement in n to its label, and lists the labels
// a goto names: the rewrites that put a block around a statement move its label into
// the block, which a goto may not jump into (see typeswitch.go, switches.go,
// mono_select.go).
func statementLabels(n ast.Node) (labels map[ast.Stmt]*ast.LabeledStmt, gotos map[string]bool) {
	labels, gotos = map[ast.Stmt]*ast.LabeledStmt{}, map[string]bool{}
	ast.Inspect(n, func(node ast.Node) bool {
		switch node := node.(type) {
		case *ast.LabeledStmt:
			labels[node.Stmt] = node
		case *ast.BranchStmt:
			if node.Tok == token.GOTO && node.Label != nil {
				gotos[node.Label.Name] = true
			}
		}
		return true
	})
	return labels, gotos
}
