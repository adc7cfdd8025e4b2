// Placing a panic's interpreted frames in the cells' code: the function each frame
// ran (a site), the node it failed at or called the next frame from, and the
// traceback a cell error shows (see the overview in errors.go).

package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// A frame placed in the code: the function a frame line's first node is in.

// site is the function an interpreted frame ran.
type site struct {
	chunk *loggedChunk
	decl  *ast.FuncDecl // the declaration holding fn, or nil for the top level
	fn    ast.Node      // the *ast.FuncDecl or *ast.FuncLit, or nil for the chunk's top level
	// unplaced says the function may have been compiled again since its chunk ran (see
	// mayBeRecompiled), from source that numbers its lines otherwise: its frame's
	// positions cannot be placed.
	unplaced bool
}

// toChunk turns one of yaegi's positions in the frame's function into a chunk line and
// column: the source of every evaluation starts with a newline (see eval).
func (st site) toChunk(line, col int) (int, int) { return line - 1, col }

// body returns the block a site's code is in, or nil for the top level.
func (st site) body() *ast.BlockStmt {
	switch f := st.fn.(type) {
	case *ast.FuncDecl:
		return f.Body
	case *ast.FuncLit:
		return f.Body
	}
	return nil
}

// frameName parses the function name of a frame line: "main.f.func.func" is package
// main, function f, two function literals deep; "main" is package main's top level.
func frameName(name string) (pkg, fn string, depth int) {
	for strings.HasSuffix(name, ".func") {
		name = strings.TrimSuffix(name, ".func")
		depth++
	}
	if name == "func" {
		return "", "", depth
	}
	pkg, fn, _ = strings.Cut(name, ".")
	return pkg, fn, depth
}

// findSites returns the functions a frame line can be in. The frame's first node is at
// yaegi's line:col; its name is that of the function holding the node, where a
// function literal counts as inside itself: a frame whose first node creates a
// closure is named after the closure. top is the chunk whose top level may be on the
// stack (the one an evaluation runs), nil for a goroutine's stack.
func (l *sourceLog) findSites(pkg, fn string, depth, line, col int, top *loggedChunk) []site {
	if pkg != "main" {
		return nil
	}
	ls := l.lookup(fn)
	chunks, running := ls.chunks, ls.running
	// Only the running chunk and the logged chunks the index names can hold the
	// frame's function, newest first.
	var which []int
	if running != nil {
		which = append(which, len(chunks)-1)
	}
	from := ls.declaring
	if fn == "" {
		from = ls.withLiterals
	}
	for i := len(from) - 1; i >= 0; i-- {
		which = append(which, from[i])
	}
	var sites []site
	if fn == "" {
		// The top level, or a function literal outside any declared function.
		for _, i := range which {
			c := chunks[i]
			if c.parsed() == nil {
				continue
			}
			st := site{chunk: c}
			p, ok := c.at(st.toChunk(line, col))
			if !ok {
				continue
			}
			roots := c.topLevelCode()
			for _, m := range literalsAt(roots, depth, p, c != running) {
				if m == nil {
					// The top level itself: only the running chunk's can be on the stack,
					// and only its own first node names it.
					if c == top && inTopLevel(roots, p) {
						sites = append(sites, st)
					}
					continue
				}
				st.fn = m
				sites = append(sites, st)
			}
		}
		return sites
	}
	// A declared function or method, or a literal in one: the newest declaration of
	// each function is the one that runs.
	seen := map[string]bool{}
	for _, i := range which {
		c := chunks[i]
		if c.stmt || c != running && !c.declaresLive(fn, ls.live) || c.parsed() == nil {
			continue
		}
		for _, fd := range c.funcDecls() {
			key := funcKey(fd)
			if fd.Name.Name != fn || seen[key] || c != running && ls.live[key] != c.text(fd) {
				continue
			}
			seen[key] = true
			st := site{chunk: c, decl: fd, fn: fd}
			if mayBeRecompiled(chunks[i+1:], chunks, identsOf(fd)) {
				if depth == 0 {
					st.unplaced = true
					sites = append(sites, st)
				}
				continue
			}
			p, ok := c.at(st.toChunk(line, col))
			if !ok || p <= fd.Body.Lbrace || p > fd.Body.Rbrace {
				continue
			}
			for _, m := range literalsAt([]ast.Node{fd.Body}, depth, p, false) {
				if m != nil {
					st.fn = m
				}
				sites = append(sites, st)
			}
		}
	}
	return sites
}

// mayBeRecompiled reports whether the session may have compiled a function declared
// in a chunk, that names the identifiers refs, again since the chunk ran, from its
// declaration alone, among others (recompileDependents, and the redefinition of
// types): when a later chunk declared again a function or type it names, or one that
// names one, and so on. It reads the chunks' summaries, which the index made.
func mayBeRecompiled(later, all []*loggedChunk, refs []string) bool {
	changed := map[string]bool{}
	for _, c := range later {
		for _, name := range c.declaredNames() {
			changed[name[strings.LastIndexByte(name, '.')+1:]] = true
		}
	}
	if len(changed) == 0 {
		return false
	}
	intersects := func(refs []string) bool {
		for _, r := range refs {
			if changed[r] {
				return true
			}
		}
		return false
	}
	for grew := true; grew; {
		grew = false
		for _, c := range all {
			for _, d := range c.declaredFuncs() {
				if !changed[d.name] && intersects(d.refs) {
					changed[d.name], grew = true, true
				}
			}
		}
	}
	return intersects(refs)
}

// literalsAt finds what a frame of a function `depth` literals deep in roots, whose first
// node is at p, runs: the literal whose body holds p, or the function around a literal
// that starts at p (nil for roots' own level). finished leaves out literals at the top
// of roots that a statement calls in place, and the yield functions of ranges over
// functions there, for code that has finished running.
func literalsAt(roots []ast.Node, depth int, p token.Pos, finished bool) []ast.Node {
	var found []ast.Node
	var walk func(n ast.Node, d int, parent ast.Node, calledInPlace bool)
	walk = func(n ast.Node, d int, parent ast.Node, calledInPlace bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			lit, ok := x.(*ast.FuncLit)
			if !ok || x == n {
				return true
			}
			inPlace := calledInPlace
			if d == 0 && finished && (immediatelyCalled(roots, lit) || prepare.IsRangeFuncYield(lit)) {
				inPlace = true
			}
			switch {
			case d+1 == depth && lit.Pos() == p:
				found = append(found, parent)
			case d+1 == depth && p > lit.Body.Lbrace && p <= lit.Body.Rbrace && !inPlace:
				found = append(found, lit)
			case d+1 < depth && p > lit.Body.Lbrace && p <= lit.Body.Rbrace:
				walk(lit, d+1, lit, inPlace)
			}
			return false
		})
	}
	if depth == 0 {
		return []ast.Node{nil}
	}
	for _, r := range roots {
		walk(r, 0, nil, false)
	}
	return found
}

// immediatelyCalled reports whether lit is called where it stands by a top-level
// statement of roots that is not a go or defer statement.
func immediatelyCalled(roots []ast.Node, lit *ast.FuncLit) bool {
	for _, r := range roots {
		var call *ast.CallExpr
		switch s := r.(type) {
		case *ast.ExprStmt:
			call, _ = s.X.(*ast.CallExpr)
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 {
				call, _ = s.Rhs[0].(*ast.CallExpr)
			}
		}
		if call != nil && ast.Unparen(call.Fun) == ast.Expr(lit) {
			return true
		}
	}
	return false
}

// inTopLevel reports whether p is in roots and outside every function literal.
func inTopLevel(roots []ast.Node, p token.Pos) bool {
	in := false
	for _, r := range roots {
		if p >= r.Pos() && p < r.End() {
			in = true
			ast.Inspect(r, func(x ast.Node) bool {
				if lit, ok := x.(*ast.FuncLit); ok && p > lit.Body.Lbrace && p <= lit.Body.Rbrace {
					in = false
				}
				return in
			})
		}
	}
	return in
}

// goFuncName is how Go names a declared function: main.f, main.T.M, main.(*T).M.
func goFuncName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return "main." + fd.Name.Name
	}
	recv := receiverTypeName(fd.Recv.List[0].Type)
	if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
		return "main.(*" + recv + ")." + fd.Name.Name
	}
	return "main." + recv + "." + fd.Name.Name
}

// placedFrame is an interpreted frame of a panic as the cell's error shows it.
type placedFrame struct {
	name string // Go's name: main.f, main.(*T).M, cell, cell.func1
	// line and col are the frame's position in its cell, when known; col is 0 when
	// only the line is.
	line, col int
	lines     []int // the lines the frame may be at, when not one
	earlier   bool  // the function is in an earlier cell
	// op is the closure the frame ran, site its function, node the failing node.
	op       string
	site     *site
	node     *candidate
	resolved bool
	omit     bool // a frame of gokernel's own wrapping
	// library is the function of Go's generic library the frame is an instance of,
	// as its caller names it (see prepare.LibraryFrame).
	library *callee
}

// placedFrames are a panic's interpreted frames, innermost first.
type placedFrames struct {
	frames []placedFrame
}

// placeFrames places yaegi's frame lines (innermost first) with the closures their
// frames ran: recorded has each line's as read when it was written ("" when not
// known); from the stack at the end, ops has, innermost first, every frame's when
// complete, otherwise ops has the innermost frames' and outer the outermost frames'.
// top is the chunk being evaluated, whose top level may be on the stack; nil for a
// goroutine. value is the panic's message as Go's, "" when not known.
func (s *Session) placeFrames(lines, recorded, ops, outer []string, complete bool, top *loggedChunk, value string) placedFrames {
	var pf placedFrames
	opOf := func(i int) string {
		if i < len(recorded) && recorded[i] != "" {
			return opName(recorded[i])
		}
		switch {
		case complete && len(ops) == len(lines):
			return opName(ops[i])
		case complete || len(ops)+len(outer) > len(lines):
			return ""
		case i < len(ops):
			return opName(ops[i])
		case i >= len(lines)-len(outer):
			return opName(outer[i-(len(lines)-len(outer))])
		}
		return ""
	}
	lg := &s.sources
	cell := lg.snapshot().cell
	ns := s.namespace()
	for i, raw := range lines {
		f := placedFrame{name: raw}
		m := frameLine.FindStringSubmatch(raw)
		if m == nil {
			pf.frames = append(pf.frames, f)
			continue
		}
		line, col := atoi(m[1]), atoi(m[2])
		if lib, instance, ok := prepare.LibraryFrame(m[3]); ok {
			// An instance of Go's generic library: shown as Go's, without a line.
			f.name = lib
			if dir, fn := path.Split(lib); !strings.Contains(fn, ".func") {
				pkgName, name, _ := strings.Cut(fn, ".")
				if major := strings.TrimPrefix(pkgName, "v"); major != pkgName && major != "" && strings.Trim(major, "0123456789") == "" && dir != "" {
					pkgName = path.Base(dir) // math/rand/v2
				}
				f.library = &callee{pkg: pkgName, fn: name, instance: instance}
			}
			pf.frames = append(pf.frames, f)
			continue
		}
		pkg, fn, depth := frameName(m[3])
		f.name = m[3]
		if sites := lg.findSites(pkg, fn, depth, line, col, top); len(sites) == 1 {
			st := sites[0]
			f.site, f.resolved = &st, true
			f.name = st.displayName()
			f.earlier = st.chunk.cell != cell
			if isCompoundWrapper(st) {
				f.name = "cell"
			}
		}
		f.op = opOf(i)
		if f.resolved && top != nil && top.code == programMainCall && f.site.chunk == top && f.site.fn == nil {
			f.omit = true // the call of a pasted program's main: Go has no frame for it
		}
		pf.frames = append(pf.frames, f)
	}
	// The failing node of each placed frame: for an outer frame, a call of the
	// function of the frame inside it.
	for i := range pf.frames {
		f := &pf.frames[i]
		if !f.resolved || f.op == "" || f.site.unplaced {
			continue
		}
		var c *callee
		msg := value
		if i > 0 {
			c, msg = pf.calleeOf(i-1), ""
		}
		cands := f.site.candidates(f.op, msg, c, ns)
		if i == 0 && len(cands) > 1 && f.site.fn == nil && f.site.chunk == top {
			cands = s.failingNow(cands, top, value, ns)
		}
		f.place(cands)
	}
	// A statement the session ran as a function literal (see wrapCompound) is the
	// cell's code: its frame stands for the cell's, and the cell's call of it goes.
	for i := 1; i < len(pf.frames); i++ {
		if in := pf.frames[i-1]; in.resolved && isCompoundWrapper(*in.site) && pf.frames[i].name == "cell" {
			pf.frames[i].omit = true
		}
	}
	return pf
}

// place sets the frame's position from the nodes its operation may be.
func (f *placedFrame) place(cands []candidate) {
	if len(cands) == 0 {
		return
	}
	lineSet := map[int]bool{}
	for _, c := range cands {
		l, _ := f.site.cellPosition(c.pos)
		lineSet[l] = true
	}
	if len(cands) == 1 {
		f.node = &cands[0]
		f.line, f.col = f.site.cellPosition(cands[0].pos)
		return
	}
	for l := range lineSet {
		f.lines = append(f.lines, l)
	}
	sort.Ints(f.lines)
	if len(f.lines) == 1 {
		f.line, f.lines = f.lines[0], nil
	}
}

// calleeOf describes frame i as a function its caller called.
func (pf *placedFrames) calleeOf(i int) *callee {
	f := pf.frames[i]
	if f.library != nil {
		return f.library
	}
	if f.resolved {
		c := &callee{pkg: "main"}
		switch fn := f.site.fn.(type) {
		case *ast.FuncDecl:
			c.fn = fn.Name.Name
		case *ast.FuncLit:
			c.lit = fn
		default:
			return nil // a top level is called by no one
		}
		return c
	}
	pkg, fn, depth := frameName(f.name)
	if depth > 0 {
		// A literal, or (when its first node makes a closure) the function around it.
		return nil
	}
	return &callee{pkg: pkg, fn: fn}
}

// cellPosition turns a chunk position of the site into the cell's line and column,
// undoing the columns gokernel's wrappers added.
func (st site) cellPosition(p token.Pos) (int, int) {
	line, col := st.chunk.position(p)
	// The trailing expression ran as __gk.Show(EXPR) on its line (evalTrailing).
	if st.fn == nil {
		for _, n := range st.chunk.topLevel() {
			ast.Inspect(n, func(x ast.Node) bool {
				call, ok := x.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || sel.Sel.Name != "Show" {
					return true
				}
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != prepare.RuntimeAlias {
					return true
				}
				sl, sc := st.chunk.position(call.Pos())
				_, lc := st.chunk.position(call.Lparen)
				if sl == line && p > call.Lparen && p < call.Rparen {
					col -= lc - sc + 1
				}
				return false
			})
		}
	}
	return inCell(line, col, 0, st.chunk.colShift)
}

// isCompoundWrapper reports whether a site is the function literal a compound
// statement was wrapped in (see wrapCompound).
func isCompoundWrapper(st site) bool {
	lit, ok := st.fn.(*ast.FuncLit)
	if !ok || st.decl != nil {
		return false
	}
	line, _ := st.chunk.position(lit.Pos())
	off := st.chunk.tfile.Offset(lit.Pos()) - st.chunk.prefix
	return st.chunk.colShift[line] > 0 && off >= 0 && strings.HasPrefix(st.chunk.src[off:], prepare.CompoundPrefix)
}

// displayName is Go's name for a site's function, with the cell's top level as "cell"
// and function literals numbered in their function as Go numbers them (func1, func2;
// func1.1 for one inside func1).
func (st site) displayName() string {
	if st.fn == nil {
		return "cell"
	}
	if fd, ok := st.fn.(*ast.FuncDecl); ok {
		return goFuncName(fd)
	}
	// Find the literal's chain of enclosing literals.
	var roots []ast.Node
	base := "cell"
	if st.decl != nil {
		roots = []ast.Node{st.decl.Body}
		base = goFuncName(st.decl)
	} else {
		roots = st.chunk.topLevelCode()
	}
	target := st.fn.(*ast.FuncLit)
	var name string
	var walk func(nodes []ast.Node, prefix string, nested bool) bool
	walk = func(nodes []ast.Node, prefix string, nested bool) bool {
		k := 0
		for _, r := range nodes {
			done := false
			ast.Inspect(r, func(x ast.Node) bool {
				if done {
					return false
				}
				lit, ok := x.(*ast.FuncLit)
				if !ok || x == r && nested {
					return true
				}
				k++
				n := prefix + ".func" + strconv.Itoa(k)
				if nested {
					n = prefix + "." + strconv.Itoa(k)
				}
				if lit == target {
					name, done = n, true
					return false
				}
				if target.Pos() > lit.Pos() && target.End() <= lit.End() {
					done = walk([]ast.Node{lit.Body}, n, true)
				}
				return false
			})
			if done {
				return true
			}
		}
		return false
	}
	if walk(roots, base, false) {
		return name
	}
	return base + ".func"
}

// tracebackEnds is how many innermost and outermost frames a long traceback keeps.
const tracebackEnds = 50

// traceback renders the frames as the lines of a cell error's traceback.
func (pf placedFrames) traceback() []string {
	var tb []string
	lost := 0
	for _, f := range pf.frames {
		if f.name == "" {
			lost++ // a line not kept (see framesOf)
			continue
		}
		if lost > 0 {
			tb = append(tb, fmt.Sprintf("  ...%d frames not kept...", lost))
			lost = 0
		}
		if f.omit {
			continue
		}
		name := f.name
		if f.resolved && f.earlier {
			name += " (in the cell that declared it)"
		}
		switch {
		case f.line > 0 && f.col > 0:
			tb = append(tb, fmt.Sprintf("  %s%s%s at line %d:%d", ansiGreen, name, ansiReset, f.line, f.col))
		case f.line > 0:
			tb = append(tb, fmt.Sprintf("  %s%s%s at line %d", ansiGreen, name, ansiReset, f.line))
		case len(f.lines) > 0 && len(f.lines) <= 4:
			ls := make([]string, len(f.lines))
			for i, l := range f.lines {
				ls[i] = strconv.Itoa(l)
			}
			tb = append(tb, fmt.Sprintf("  %s%s%s at one of lines %s", ansiGreen, name, ansiReset, strings.Join(ls, ", ")))
		default:
			tb = append(tb, fmt.Sprintf("  %s%s%s (line not known)", ansiGreen, name, ansiReset))
		}
	}
	if len(tb) > 2*tracebackEnds {
		// As Go's tracebacks do, keep the innermost and the outermost frames.
		n := len(tb) - 2*tracebackEnds
		tb = append(append(tb[:tracebackEnds:tracebackEnds], fmt.Sprintf("  ...%d frames elided...", n)), tb[len(tb)-tracebackEnds:]...)
	}
	if len(tb) > 0 {
		tb = append([]string{"", "Interpreted call stack (innermost first):"}, tb...)
	}
	return tb
}
