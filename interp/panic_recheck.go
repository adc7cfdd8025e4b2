// What a cell's top-level variables, which outlive a panic, can still tell: which of
// several candidate nodes failed (failingNow), and the values Go's bounds messages
// have (boundsValues). Both evaluate expressions again, and only when that is certain
// to give what the failed evaluation saw.

package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"
)

// Index and slice bounds.
//
// Go's message for an index or slice expression out of range has the index and the
// length or capacity: "index out of range [10] with length 3". reflect's has neither,
// and nothing else the interpreter gives has them. They are given back only when they
// are certainly the values the failed expression saw: it is in a top-level statement
// of the cell (not in a block, a loop or a function, whose variables are gone after
// the panic), its operands are names, constants and fields of the cell's variables,
// nothing else in the statement can have run before it (no call that is not one it is
// an argument of, no receive), no deferred call or goroutine can have changed them
// since (no defer in the cell, no interpreted goroutine alive), and the values read
// again do fail the same check.

// boundsValues returns Go's message for the failed index or slice expression of
// frame f, or false.
func (s *Session) boundsValues(f *placedFrame, value string, run *loggedChunk) (string, bool) {
	n := f.node
	if f.site.fn != nil || !n.top || n.stmt == nil || run == nil || f.site.chunk != run {
		return "", false
	}
	var operands []ast.Expr
	switch e := n.node.(type) {
	case *ast.IndexExpr:
		if value != "index out of range" {
			return "", false
		}
		operands = []ast.Expr{e.X, e.Index}
	case *ast.SliceExpr:
		if value != "slice bounds out of range" {
			return "", false
		}
		operands = []ast.Expr{e.X, e.Low, e.High, e.Max}
	default:
		return "", false
	}
	for _, o := range operands {
		if o != nil && !stableExpr(o) {
			return "", false
		}
	}
	if !onlyEnclosingCalls(n.stmt, n.node) || run.defersOrJumps() || interpretedGoroutines() {
		return "", false
	}
	evalInt := func(e ast.Expr) (int64, bool) { return s.evalInt("int64(" + run.text(e) + ")") }
	var msg string
	var ok bool
	switch e := n.node.(type) {
	case *ast.IndexExpr:
		msg, ok = s.indexMessage(e, run.text(e.X), evalInt)
	case *ast.SliceExpr:
		msg, ok = s.sliceMessage(e, run.text(e.X), evalInt)
	}
	if !ok || interpretedGoroutines() {
		return "", false
	}
	return msg, true
}

// indexMessage returns Go's message for index expression e, whose operand's source is
// x, failing now; evalInt evaluates e's other expressions.
func (s *Session) indexMessage(e *ast.IndexExpr, x string, evalInt func(ast.Expr) (int64, bool)) (string, bool) {
	i, ok := evalInt(e.Index)
	if !ok {
		return "", false
	}
	n, ok := s.evalInt("len(" + x + ")")
	if !ok {
		return "", false
	}
	switch {
	case i < 0:
		return fmt.Sprintf("index out of range [%d]", i), true
	case i >= n:
		return fmt.Sprintf("index out of range [%d] with length %d", i, n), true
	}
	return "", false // it does not fail now: something changed
}

// sliceMessage returns Go's message for slice expression e, whose operand's source is
// x, failing now; evalInt evaluates e's other expressions.
func (s *Session) sliceMessage(e *ast.SliceExpr, x string, evalInt func(ast.Expr) (int64, bool)) (string, bool) {
	v, err := s.evalQuiet(x)
	if err != nil || !v.IsValid() {
		return "", false
	}
	isString := v.Kind() == reflect.String
	if v.Kind() != reflect.Slice && !isString {
		return "", false // arrays: Go's message depends on how the array is held
	}
	length := int64(v.Len())
	limit, limitName := length, "length"
	if !isString {
		limit, limitName = int64(v.Cap()), "capacity"
	}
	get := func(b ast.Expr, dflt int64) (int64, bool) {
		if b == nil {
			return dflt, true
		}
		return evalInt(b)
	}
	low, ok1 := get(e.Low, 0)
	high, ok2 := get(e.High, length)
	if !ok1 || !ok2 {
		return "", false
	}
	// The checks in the order Go's compiled code makes them (cmd/compile's bounds
	// checks; runtime/error.go's messages).
	if e.Slice3 {
		mx, ok := evalInt(e.Max)
		if !ok {
			return "", false
		}
		switch {
		case mx < 0:
			return fmt.Sprintf("slice bounds out of range [::%d]", mx), true
		case mx > limit:
			return fmt.Sprintf("slice bounds out of range [::%d] with %s %d", mx, limitName, limit), true
		case high < 0:
			return fmt.Sprintf("slice bounds out of range [:%d:]", high), true
		case high > mx:
			return fmt.Sprintf("slice bounds out of range [:%d:%d]", high, mx), true
		case low < 0:
			return fmt.Sprintf("slice bounds out of range [%d::]", low), true
		case low > high:
			return fmt.Sprintf("slice bounds out of range [%d:%d:]", low, high), true
		}
		return "", false
	}
	if e.High != nil {
		switch {
		case high < 0:
			return fmt.Sprintf("slice bounds out of range [:%d]", high), true
		case high > limit:
			return fmt.Sprintf("slice bounds out of range [:%d] with %s %d", high, limitName, limit), true
		}
	}
	switch {
	case low < 0:
		return fmt.Sprintf("slice bounds out of range [%d:]", low), true
	case low > high:
		return fmt.Sprintf("slice bounds out of range [%d:%d]", low, high), true
	}
	return "", false
}

// failingNow narrows the candidates of a panic at the top level of chunk run, when
// that can be told for certain, to the one that failed. The cell's variables outlive
// the panic, so a side-effect-free probe of a candidate (see probeOf) that failed then
// fails now, as long as nothing in its statement can have changed what it reads after
// it was evaluated (onlyEnclosingCalls) and no deferred call or goroutine can have
// since. When one candidate fails now, it is the one; when several do, the first of
// them is, if nothing after it can have changed what it reads (see inertAfter): it ran
// (the top level runs in order) and would have failed. Otherwise cands is returned.
func (s *Session) failingNow(cands []candidate, run *loggedChunk, value string, ns namespace) []candidate {
	probes := make([]probe, len(cands))
	for i, c := range cands {
		p, ok := probeOf(run, c, value, ns)
		if !ok || !c.top || !onlyEnclosingCalls(c.stmt, c.node) {
			return cands
		}
		probes[i] = p
	}
	if run.defersOrJumps() || interpretedGoroutines() {
		return cands
	}
	var failing []candidate
	var failingProbes []probe
	for i, c := range cands {
		fails, ok := s.runProbe(probes[i])
		if !ok {
			return cands
		}
		if fails {
			failing, failingProbes = append(failing, c), append(failingProbes, probes[i])
		}
	}
	if len(failing) == 0 || interpretedGoroutines() {
		return cands
	}
	if len(failing) > 1 && failing[1].stmt != failing[0].stmt && inertAfter(run, failing[0].stmt, failingProbes[0], ns) {
		return failing[:1]
	}
	return failing
}

// probe is an expression that tells whether a candidate fails now.
type probe struct {
	expr    string
	nilTest bool       // expr is "X == nil", true when the candidate fails; otherwise it fails by panicking
	reads   []ast.Expr // what it reads
	// pointers says it reads through pointers (fields, dereferences), which code that
	// names other variables can change; elementsOK that writing an element of a
	// variable it reads changes nothing it reads (it reads lengths, nil-ness, numbers).
	pointers, elementsOK bool
}

// probeOf returns the probe of candidate c of a panic with message value.
func probeOf(run *loggedChunk, c candidate, value string, ns namespace) (probe, bool) {
	var p probe
	switch n := c.node.(type) {
	case *ast.AssignStmt, *ast.IncDecStmt:
		var lhs []ast.Expr
		if a, ok := n.(*ast.AssignStmt); ok {
			lhs = a.Lhs
			if a.Tok == token.QUO_ASSIGN || a.Tok == token.REM_ASSIGN {
				// x /= y fails as x / y does.
				if !pureExpr(a.Lhs[0]) || !pureExpr(a.Rhs[0]) {
					return p, false
				}
				p.expr = "(" + run.text(a.Lhs[0]) + ") / (" + run.text(a.Rhs[0]) + ")"
				p.reads = []ast.Expr{a.Lhs[0], a.Rhs[0]}
				break
			}
		} else {
			lhs = []ast.Expr{n.(*ast.IncDecStmt).X}
		}
		if p.expr != "" {
			break
		}
		if !strings.HasPrefix(value, "assignment to entry in nil map") {
			return p, false
		}
		// The write to a nil map: the map on the left is nil.
		for _, e := range lhs {
			if ix, ok := ast.Unparen(e).(*ast.IndexExpr); ok && ix.Pos() == c.pos {
				if !pureExpr(ix.X) {
					return p, false
				}
				p.expr, p.nilTest, p.reads = "("+run.text(ix.X)+") == nil", true, []ast.Expr{ix.X}
			}
		}
		if p.expr == "" {
			return p, false
		}
	case ast.Expr:
		if !pureExpr(n) {
			return p, false
		}
		p.expr, p.reads = run.text(n), []ast.Expr{n}
	default:
		return p, false
	}
	// Elements may change when the probe indexes only a variable by name.
	p.elementsOK = true
	for _, r := range p.reads {
		ast.Inspect(r, func(x ast.Node) bool {
			switch e := x.(type) {
			case *ast.SelectorExpr:
				if id, ok := e.X.(*ast.Ident); ok && ns.pkg(id.Name) {
					return false
				}
				p.pointers, p.elementsOK = true, false
			case *ast.StarExpr, *ast.TypeAssertExpr:
				p.pointers, p.elementsOK = true, false
			case *ast.IndexExpr:
				if _, ok := e.X.(*ast.Ident); !ok || x != ast.Node(r) {
					p.elementsOK = false
				}
			case *ast.SliceExpr:
				if _, ok := e.X.(*ast.Ident); !ok || x != ast.Node(r) {
					p.elementsOK = false
				}
			}
			return true
		})
	}
	return p, true
}

// runProbe evaluates a probe: whether its candidate fails now, and whether that could
// be told.
func (s *Session) runProbe(p probe) (fails, ok bool) {
	v, err := s.evalQuiet(p.expr)
	var pe interp.Panic
	switch {
	case p.nilTest && err == nil && v.IsValid() && v.Kind() == reflect.Bool:
		return v.Bool(), true
	case p.nilTest:
		return false, false
	case err == nil:
		return false, true
	case errors.As(err, &pe):
		return true, true
	}
	return false, false
}

// inertAfter reports whether nothing in the statements of chunk run after stmt can
// change what probe p reads: no assignment to, or address of, a variable it reads (an
// element of one when p.elementsOK allows), no call but of builtins and compiled
// functions (whose arguments, when p reads through pointers, name none of them), no
// go, defer, label or goto.
func inertAfter(run *loggedChunk, stmt ast.Stmt, p probe, ns namespace) bool {
	roots := map[string]bool{}
	for _, r := range p.reads {
		ast.Inspect(r, func(x ast.Node) bool {
			switch e := x.(type) {
			case *ast.SelectorExpr:
				ast.Inspect(e.X, func(y ast.Node) bool {
					if id, ok := y.(*ast.Ident); ok && !ns.pkg(id.Name) {
						roots[id.Name] = true
					}
					return true
				})
				return false
			case *ast.Ident:
				roots[e.Name] = true
			}
			return true
		})
	}
	mentions := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(x ast.Node) bool {
			if id, ok := x.(*ast.Ident); ok && roots[id.Name] {
				found = true
			}
			return !found
		})
		return found
	}
	modifies := func(lhs ast.Expr) bool {
		switch e := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			return roots[e.Name]
		case *ast.IndexExpr:
			if _, ok := e.X.(*ast.Ident); ok && p.elementsOK {
				return false
			}
		}
		return p.pointers || mentions(lhs)
	}
	after := false
	for _, n := range run.topLevel() {
		if n == ast.Node(stmt) {
			// Its own assignments are made after it is evaluated.
			after = true
			switch a := n.(type) {
			case *ast.AssignStmt:
				for _, l := range a.Lhs {
					if modifies(l) {
						return false
					}
				}
			case *ast.IncDecStmt:
				if modifies(a.X) {
					return false
				}
			}
			continue
		}
		if !after {
			continue
		}
		inert := true
		ast.Inspect(n, func(x ast.Node) bool {
			switch e := x.(type) {
			case *ast.AssignStmt:
				for _, l := range e.Lhs {
					if modifies(l) {
						inert = false
					}
				}
			case *ast.IncDecStmt:
				inert = inert && !modifies(e.X)
			case *ast.RangeStmt:
				for _, l := range []ast.Expr{e.Key, e.Value} {
					if l != nil && modifies(l) {
						inert = false
					}
				}
			case *ast.UnaryExpr:
				if e.Op == token.AND && mentions(e.X) {
					inert = false
				}
			case *ast.CallExpr:
				switch f := ast.Unparen(e.Fun).(type) {
				case *ast.Ident:
					switch {
					case ns.builtin(f.Name) || ns.typeName(f.Name):
						if p.pointers && (f.Name == "copy" || f.Name == "clear" || f.Name == "delete") {
							inert = false
						}
					default:
						inert = false
					}
				case *ast.SelectorExpr:
					// A package's function can change the cell's variables only
					// through its arguments.
					if x, ok := f.X.(*ast.Ident); !ok || !ns.pkg(x.Name) || p.pointers && mentions(e) {
						inert = false
					}
				case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.StarExpr:
				default:
					inert = false
				}
			case *ast.GoStmt, *ast.DeferStmt, *ast.LabeledStmt, *ast.BranchStmt:
				inert = false
			}
			return inert
		})
		if !inert {
			return false
		}
	}
	return after
}

// pureExpr reports whether evaluating e runs no code of the cell's and changes nothing:
// names, constants, fields, operators, index and slice expressions, dereferences,
// type assertions and conversions to composite types of such expressions.
func pureExpr(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pureExpr(x.X)
	case *ast.ParenExpr:
		return pureExpr(x.X)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && x.Op != token.AND && pureExpr(x.X)
	case *ast.BinaryExpr:
		return pureExpr(x.X) && pureExpr(x.Y)
	case *ast.IndexExpr:
		return pureExpr(x.X) && pureExpr(x.Index)
	case *ast.SliceExpr:
		for _, p := range []ast.Expr{x.Low, x.High, x.Max} {
			if p != nil && !pureExpr(p) {
				return false
			}
		}
		return pureExpr(x.X)
	case *ast.StarExpr:
		return pureExpr(x.X)
	case *ast.TypeAssertExpr:
		return x.Type != nil && pureExpr(x.X)
	case *ast.CallExpr:
		switch ast.Unparen(x.Fun).(type) {
		case *ast.ArrayType, *ast.StarExpr:
			return len(x.Args) == 1 && pureExpr(x.Args[0])
		}
	}
	return false
}

// defersOrJumps reports whether the chunk's top level has a defer statement that the
// interpreter runs as the chunk's frame ends, after a panic and before the session
// sees it (the session's pipeline hands a cell's top-level defers to the session,
// which runs them after the cell: see prepare's topLevelDefers), or a goto or label,
// which make the top level run other than once, in order.
func (c *loggedChunk) defersOrJumps() bool {
	found := false
	for _, n := range c.topLevel() {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				return false
			case *ast.DeferStmt, *ast.LabeledStmt:
				found = true
			case *ast.BranchStmt:
				found = found || x.Tok == token.GOTO
			}
			return !found
		})
	}
	return found
}

// evalInt evaluates an integer expression of the session's variables.
func (s *Session) evalInt(expr string) (int64, bool) {
	v, err := s.evalQuiet(expr)
	if err != nil || !v.IsValid() || !v.CanInt() {
		return 0, false
	}
	return v.Int(), true
}

// evalQuiet evaluates an expression of the session's variables.
func (s *Session) evalQuiet(expr string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.yi.EvalWithContext(ctx, expr)
}

// stableExpr reports whether evaluating e again gives what it gave, as long as the
// variables it names did not change: names, constants, fields, arithmetic.
func stableExpr(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return stableExpr(x.X)
	case *ast.ParenExpr:
		return stableExpr(x.X)
	case *ast.UnaryExpr:
		return (x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR) && stableExpr(x.X)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.SHL, token.SHR, token.AND, token.OR, token.XOR, token.AND_NOT:
			return stableExpr(x.X) && stableExpr(x.Y)
		}
	}
	return false
}

// onlyEnclosingCalls reports whether the only calls and receives in stmt are calls
// that node is (part of) an argument of, which run after it.
func onlyEnclosingCalls(stmt ast.Stmt, node ast.Node) bool {
	ok := true
	ast.Inspect(stmt, func(x ast.Node) bool {
		switch e := x.(type) {
		case *ast.CallExpr:
			if !(node.Pos() >= e.Lparen && node.End() <= e.Rparen) {
				ok = false
			} else if !stableCallee(e.Fun) {
				ok = false
			}
		case *ast.UnaryExpr:
			if e.Op == token.ARROW {
				ok = false
			}
		case *ast.FuncLit:
			ok = false
		}
		return ok
	})
	return ok
}

// stableCallee reports whether evaluating a call's function runs nothing: a name or a
// selector of names.
func stableCallee(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return stableCallee(x.X)
	}
	return false
}
