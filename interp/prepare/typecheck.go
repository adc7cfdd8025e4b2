package prepare

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Error is a compile error in a cell, at the cell's own line and column, in the Go
// compiler's words.
type Error struct {
	Line, Col int // 1-based; Col counts bytes, as the compiler's columns do
	Msg       string
	// NotSupported marks valid Go that the interpreter cannot run: the cell is
	// refused rather than run with another meaning.
	NotSupported bool
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// typeCheck checks the cell as written against the session's earlier declarations and
// returns its first error, by position, as the compiler would report it. A cell the
// check cannot judge (it fails outside the cell's own text, in code the pipeline put
// around it) is let through with a debug note: the interpreter then has the last word.
func (m *monomorphizer) typeCheck(code string, imports map[string]string) error {
	items, err := SplitItems(code)
	if err != nil || len(items) == 0 {
		return nil // a scanner error: the session reports it from its own split
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.methodsUsed, m.rangeFuncsSeen = nil, false
	r, _, err := m.check(code, items, imports, &instanceSet{byKey: map[string]*instance{}}, true)
	if err != nil {
		m.debug("type-check skipped", code, err)
		return nil
	}
	m.methodsUsed = r.cellMethodSelections()
	var inCell []*Error
	var outside []types.Error
	for _, te := range r.errs {
		if strings.HasPrefix(te.Msg, "\t") {
			continue // the continuation of the error before it ("\tprevious case")
		}
		off := r.cellOffset(r.offset(r.compilerPos(te)))
		if off < 0 {
			outside = append(outside, te)
			continue
		}
		line, col := cellLineCol(code, off)
		inCell = append(inCell, &Error{Line: line, Col: col, Msg: r.compilerMessage(te, code)})
	}
	if len(inCell) == 0 {
		if len(outside) > 0 {
			m.debug("type-check failed outside the cell", code, outside[0])
			return nil
		}
		if e := r.unsupported(code); e != nil {
			return e
		}
		return nil
	}
	sort.SliceStable(inCell, func(i, j int) bool {
		a, b := inCell[i], inCell[j]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	return inCell[0]
}

// cellLineCol is the line and column (in bytes, from 1) of offset off of code.
func cellLineCol(code string, off int) (line, col int) {
	return 1 + strings.Count(code[:off], "\n"), off - strings.LastIndexByte(code[:off], '\n')
}

// compilerMessage is te's message as the compiler words it, where go/types words it
// otherwise and the difference matters: the position it names is in the cell's lines
// (go/types names a line of the file it checked), "line L:C" where the compiler
// writes FILE:L:C.
//
//	goto fail jumps over variable declaration at line 12
//	goto fail jumps over declaration of v at line 9:4
//	goto inside jumps into block
//	goto inside jumps into block starting at line 3:11
func (r *monoRound) compilerMessage(te types.Error, code string) string {
	at := func(pos token.Pos) (string, bool) {
		off := r.cellOffset(r.offset(pos))
		if off < 0 {
			return "", false
		}
		l, c := cellLineCol(code, off)
		return fmt.Sprintf("line %d:%d", l, c), true
	}
	var jump *ast.BranchStmt
	ast.Inspect(r.file, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO && b.Label != nil && b.Label.Pos() == te.Pos {
			jump = b
		}
		return jump == nil
	})
	if jump == nil {
		return te.Msg
	}
	var label *ast.LabeledStmt
	var fn ast.Node // the innermost function holding the goto
	ast.Inspect(r.file, func(n ast.Node) bool {
		if n == nil || !(n.Pos() <= jump.Pos() && jump.End() <= n.End()) {
			return false
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			fn = n
		}
		return true
	})
	if fn != nil {
		ast.Inspect(fn, func(n ast.Node) bool {
			if l, ok := n.(*ast.LabeledStmt); ok && l.Label.Name == jump.Label.Name {
				label = l
			}
			return label == nil
		})
	}
	if label == nil {
		return te.Msg
	}
	if m := jumpOverDecl.FindStringSubmatch(te.Msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		var name string
		var pos token.Pos
		ast.Inspect(fn, func(n ast.Node) bool {
			if name != "" || n == nil {
				return false
			}
			if n.Pos() < jump.End() || n.Pos() > label.Pos() {
				return true // (a declaration between them may be inside n)
			}
			switch n := n.(type) {
			case *ast.AssignStmt: // the compiler places it at :=
				if n.Tok == token.DEFINE && r.fset.Position(n.Pos()).Line == line {
					if id, ok := n.Lhs[0].(*ast.Ident); ok {
						name, pos = id.Name, n.TokPos
					}
				}
			case *ast.ValueSpec:
				if r.fset.Position(n.Pos()).Line == line {
					name, pos = n.Names[0].Name, n.Names[0].Pos()
				}
			}
			return name == ""
		})
		if where, ok := at(pos); ok && name != "" {
			return fmt.Sprintf("goto %s jumps over declaration of %s at %s", m[1], name, where)
		}
		return te.Msg
	}
	if strings.HasSuffix(te.Msg, "jumps into block") {
		// The innermost block holding the label but not the goto.
		var block *ast.BlockStmt
		ast.Inspect(fn, func(n ast.Node) bool {
			if n == nil || !(n.Pos() <= label.Pos() && label.End() <= n.End()) {
				return false
			}
			if b, ok := n.(*ast.BlockStmt); ok && !(b.Pos() <= jump.Pos() && jump.End() <= b.End()) {
				block = b
				return false
			}
			return true
		})
		if block != nil {
			if where, ok := at(block.Lbrace); ok {
				return te.Msg + " starting at " + where
			}
		}
	}
	return te.Msg
}

// jumpOverDecl matches go/types' message for a goto over a variable declaration.
var jumpOverDecl = regexp.MustCompile(`^goto (\S+) jumps over variable declaration at line (\d+)$`)

// compilerPos is where the compiler reports te, where it differs from go/types: an
// inferred type argument outside its constraint is reported at the call's
// parenthesis, not at the function's name.
func (r *monoRound) compilerPos(te types.Error) token.Pos {
	if !strings.Contains(te.Msg, "does not satisfy") {
		return te.Pos
	}
	pos := te.Pos
	ast.Inspect(r.file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && call.Fun.Pos() == te.Pos {
			if _, explicit := ast.Unparen(call.Fun).(*ast.IndexExpr); !explicit {
				pos = call.Lparen
			}
			return false
		}
		return pos == te.Pos
	})
	return pos
}

// cellOffset maps an offset of the checked file to the cell's, or -1 when it is not in
// text copied from the cell.
func (r *monoRound) cellOffset(o int) int {
	for _, sp := range r.spans {
		if sp.owner == -1 && sp.from <= o && o <= sp.to {
			return o - sp.from + sp.src
		}
	}
	return -1
}

// IsExpression reports whether src is a Go expression or a list of them
// ("len(xs), cap(xs)"), which a cell shows together, as a multi-value call's results.
func IsExpression(src string) bool {
	_, ok := expressionList(src)
	return ok
}

// isExpressionList reports whether src is a list of two or more expressions.
func isExpressionList(src string) bool {
	n, ok := expressionList(src)
	return ok && n > 1
}

// expressionList reports whether src parses as a list of expressions, and how many.
func expressionList(src string) (int, bool) {
	e, err := parser.ParseExpr("f(" + src + ")")
	if err != nil {
		return 0, false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() {
		return 0, false
	}
	return len(call.Args), true
}

// copyOwner marks a span that repeats text of the cell already checked elsewhere in
// the file; errors in it are not the cell's.
const copyOwner = -2

// definesUsedByDecls returns the cell's := statements that its declarations (functions,
// types, vars) refer to, directly or through each other: in the session they are
// package variables, so the declarations see them.
func definesUsedByDecls(cell string, items, stmts []Item, defines []*ast.AssignStmt) map[*ast.AssignStmt]bool {
	used := map[string]bool{}
	for _, it := range items {
		if it.Kind == DeclChunk && !it.IsImport {
			scanIdents(cell[it.Start:it.End], func(name string) { used[name] = true })
		}
	}
	out := map[*ast.AssignStmt]bool{}
	for grew := true; grew; {
		grew = false
		for i, as := range defines {
			if as == nil || out[as] {
				continue
			}
			for _, l := range as.Lhs {
				if used[l.(*ast.Ident).Name] {
					out[as], grew = true, true
					scanIdents(cell[stmts[i].Start:stmts[i].End], func(name string) { used[name] = true })
					break
				}
			}
		}
	}
	return out
}

// TrailingListAsCall returns code with a trailing list of expressions ("a, b", which a
// cell shows) written as the arguments of a call, so that the cell parses as Go
// statements. Only the last line's columns move.
func TrailingListAsCall(code string) string {
	items, err := SplitItems(code)
	if err != nil || len(items) == 0 {
		return code
	}
	last := items[len(items)-1]
	if last.Kind != StmtChunk || !isExpressionList(code[last.Start:last.End]) {
		return code
	}
	return code[:last.Start] + monoShowFunc + "(" + code[last.Start:last.End] + ")" + code[last.End:]
}

// unsupported refuses, at its position, the first construct of a cell that type-checks
// but that the interpreter cannot run: a range over a function (Go 1.23 iterators) that
// the rewrite of rangefunc.go leaves as it is, on which yaegi v0.16.1 panics with "nil
// type". It also notes whether the cell ranges over functions, for the rewrite.
func (r *monoRound) unsupported(code string) *Error {
	var found *Error
	r.m.rangeFuncsSeen = false
	r.rangeFuncLoops(func(l rangeFuncLoop, _ bool) {
		off := r.cellOffset(r.offset(l.rs.X.Pos()))
		if off < 0 {
			return // in an instance of generic code: left to the interpreter
		}
		r.m.rangeFuncsSeen = true
		why := rangeFuncObstacle(l)
		if why == "" || found != nil {
			return
		}
		found = &Error{
			Line:         1 + strings.Count(code[:off], "\n"),
			Col:          off - strings.LastIndexByte(code[:off], '\n'),
			Msg:          "not supported in cells: " + why + "; the Go interpreter (yaegi) cannot run it. Collect the sequence first, e.g. slices.Collect(seq)",
			NotSupported: true,
		}
	})
	if found == nil {
		found = r.deferredLocalClosure(code)
	}
	return found
}

// deferredLocalClosure refuses a defer that calls a function literal the same
// function made and keeps in a variable (add := func(...){...}; defer add("!")):
// yaegi v0.16.1 runs a function's deferred calls holding the function's frame lock,
// and a closure made in that frame takes the lock again when it returns, so the cell
// hangs until interrupted.
func (r *monoRound) deferredLocalClosure(code string) *Error {
	var found *Error
	walk := func(body *ast.BlockStmt) {
		closures := map[types.Object]bool{} // variables of this function given a literal
		inspectBody(body, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if _, lit := ast.Unparen(rhs).(*ast.FuncLit); lit && i < len(n.Lhs) && len(n.Lhs) == len(n.Rhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							if obj := r.info.ObjectOf(id); obj != nil {
								closures[obj] = true
							}
						}
					}
				}
			case *ast.ValueSpec:
				for i, v := range n.Values {
					if _, lit := ast.Unparen(v).(*ast.FuncLit); lit && i < len(n.Names) {
						if obj := r.info.Defs[n.Names[i]]; obj != nil {
							closures[obj] = true
						}
					}
				}
			}
		})
		inspectBody(body, func(n ast.Node) {
			d, ok := n.(*ast.DeferStmt)
			if !ok || found != nil || len(closures) == 0 {
				return
			}
			ast.Inspect(d.Call, func(m ast.Node) bool {
				id, ok := m.(*ast.Ident)
				if !ok || found != nil || !closures[r.info.Uses[id]] {
					return true
				}
				off := r.cellOffset(r.offset(d.Pos()))
				if off < 0 {
					return false
				}
				found = &Error{
					Line:         1 + strings.Count(code[:off], "\n"),
					Col:          off - strings.LastIndexByte(code[:off], '\n'),
					Msg:          "not supported in cells: a deferred call that runs " + id.Name + ", a function literal this function made; the Go interpreter (yaegi) would hang. Declare " + id.Name + " as a function of its own, or call it before the function returns",
					NotSupported: true,
				}
				return false
			})
		})
	}
	ast.Inspect(r.file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				walk(n.Body)
			}
		case *ast.FuncLit:
			walk(n.Body)
		}
		return found == nil
	})
	return found
}

// which syntax alone cannot tell from a field of any other type.
func (r *monoRound) cellMethodSelections() []string {
	seen := map[string]bool{}
	for sel, s := range r.info.Selections {
		if s.Kind() == types.FieldVal || r.cellOffset(r.offset(sel.Sel.Pos())) < 0 {
			continue
		}
		fn, ok := s.Obj().(*types.Func)
		if !ok {
			continue
		}
		recv := fn.Signature().Recv()
		if recv == nil {
			continue
		}
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		named, ok := t.(*types.Named)
		if !ok {
			continue // a method of an interface
		}
		obj := named.Origin().Obj()
		if obj.Pkg() == r.pkg && obj.Parent() == r.pkg.Scope() {
			seen[obj.Name()+"."+fn.Name()] = true
		}
	}
	out := make([]string, 0, len(seen))
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}
