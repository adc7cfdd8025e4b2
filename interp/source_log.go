// The session's source log: the code of every chunk the session evaluated, parsed
// when a panic needs it.

package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"sync"

	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/traefik/yaegi/interp"
)

// sourceLog is the code a session evaluated, chunk by chunk, so that a panic's frame
// can be placed in the code that declared its function, in this cell or an earlier
// one. The session's goroutine writes it; panicking goroutines read it.
type sourceLog struct {
	mu       sync.Mutex
	cell     int    // sequence number of the cell being run
	lastCode string // the code of that cell
	chunks   []*loggedChunk
	running  *loggedChunk
	// execStart is the index in chunks of the first chunk of the cell's current run;
	// firstSrc is that chunk's source.
	execStart int
	firstSrc  string
	// live maps the session's declared functions (funcRecord keys) to their
	// declarations, as they were when the running chunk began: the code a frame of
	// one runs is the one declared so, in the newest chunk that did.
	live map[string]string
}

// loggedChunk is one evaluated chunk.
type loggedChunk struct {
	cell     int
	src      string // as evaluated (without the leading newline), lines numbered as the cell's
	stmt     bool
	colShift map[int]int
	code     string // the cell's code

	once   sync.Once
	fset   *token.FileSet
	file   *ast.File
	tfile  *token.File
	prefix int // columns the parse wrapper adds in front of line 1
}

// programMainCall is the code executeGo runs after a pasted program's declarations:
// a call of its main, part of the same cell.
const programMainCall = prepare.MainAlias + "()"

// begin records that chunk src of the cell whose code is code is about to run, in a
// session whose declared functions are funcs. It runs on the session's goroutine.
func (l *sourceLog) begin(funcs map[string]*funcRecord, code, src string, stmt bool, colShift map[int]int) *loggedChunk {
	live := make(map[string]string, len(funcs))
	for k, r := range funcs {
		live[k] = r.src
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.live = live
	switch {
	case code == programMainCall:
	case code != l.lastCode:
		l.cell++
		l.lastCode = code
		l.execStart, l.firstSrc = len(l.chunks), src
	case src == l.firstSrc:
		// The same cell run again: no run evaluates one chunk twice.
		l.execStart = len(l.chunks)
	}
	c := &loggedChunk{cell: l.cell, src: src, stmt: stmt, colShift: colShift, code: code}
	l.running = c
	return c
}

// chunkOutcome is how the evaluation of a chunk ended.
type chunkOutcome int

const (
	chunkRan        chunkOutcome = iota // it compiled and ran, to its end or to a panic
	chunkFailed                         // it did not compile, and declared nothing
	chunkRolledBack                     // it did not compile, and the cell is undone (see Session.rollback)
)

// compileOutcome is the outcome of a chunk whose source src failed to compile: the
// cell is undone, but for the trailing expression's first try (see evalTrailing).
func compileOutcome(src string) chunkOutcome {
	if strings.Contains(src, prepare.RuntimeAlias+".Show(") {
		return chunkFailed
	}
	return chunkRolledBack
}

// panicOutcome is the outcome of a chunk whose evaluation panicked: it ran when an
// interpreted frame did; a panic before is the compiler's, and nothing was declared.
func panicOutcome(p interp.Panic) chunkOutcome {
	if strings.Contains(string(p.Stack), goRunCfg+"(") {
		return chunkRan
	}
	return chunkFailed
}

// end records how the running chunk ended.
func (l *sourceLog) end(c *loggedChunk, outcome chunkOutcome) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running == c {
		l.running = nil
	}
	switch outcome {
	case chunkRan:
		l.chunks = append(l.chunks, c)
	case chunkRolledBack:
		// What the cell's run declared is gone again.
		l.chunks = l.chunks[:min(l.execStart, len(l.chunks))]
	}
}

// logState is a copy of a sourceLog's state.
type logState struct {
	chunks  []*loggedChunk // the evaluated chunks, oldest first, then the running one
	running *loggedChunk   // the chunk being evaluated, or nil
	cell    int            // the cell being run, or the last one
	live    map[string]string
}

func (l *sourceLog) snapshot() logState {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := logState{chunks: append([]*loggedChunk(nil), l.chunks...), running: l.running, cell: l.cell, live: l.live}
	if l.running != nil {
		st.chunks = append(st.chunks, l.running)
	}
	return st
}

// parsed returns the chunk's syntax tree, or nil when it does not parse.
func (c *loggedChunk) parsed() *ast.File {
	c.once.Do(func() {
		head, tail := "package p;", ""
		if c.stmt {
			head, tail = "package p;func _(){", "\n}"
		}
		c.fset = token.NewFileSet()
		f, err := parser.ParseFile(c.fset, "", head+c.src+tail, parser.SkipObjectResolution)
		if err != nil {
			return
		}
		c.file, c.tfile, c.prefix = f, c.fset.File(f.Pos()), len(head)
	})
	return c.file
}

// position returns the chunk line and column of p.
func (c *loggedChunk) position(p token.Pos) (int, int) {
	pos := c.fset.Position(p)
	if pos.Line == 1 {
		pos.Column -= c.prefix
	}
	return pos.Line, pos.Column
}

// at returns the token.Pos of a chunk line and column, and whether the chunk has it.
func (c *loggedChunk) at(line, col int) (token.Pos, bool) {
	if c.parsed() == nil || line < 1 || line > c.tfile.LineCount() || col < 1 {
		return token.NoPos, false
	}
	if line == 1 {
		col += c.prefix
	}
	start := c.tfile.Offset(c.tfile.LineStart(line))
	end := c.tfile.Size()
	if line < c.tfile.LineCount() {
		end = c.tfile.Offset(c.tfile.LineStart(line+1)) - 1
	}
	if start+col-1 > end {
		return token.NoPos, false
	}
	return c.tfile.Pos(start + col - 1), true
}

// topLevel returns the statements (for a statement chunk) or declarations of the chunk.
func (c *loggedChunk) topLevel() []ast.Node {
	f := c.parsed()
	if f == nil {
		return nil
	}
	var nodes []ast.Node
	if c.stmt {
		for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
			nodes = append(nodes, s)
		}
		return nodes
	}
	for _, d := range f.Decls {
		nodes = append(nodes, d)
	}
	return nodes
}

// topLevelCode returns the chunk's top-level statements or declarations other than
// function declarations: the code that runs in the chunk's own frame.
func (c *loggedChunk) topLevelCode() []ast.Node {
	var nodes []ast.Node
	for _, n := range c.topLevel() {
		if _, ok := n.(*ast.FuncDecl); !ok {
			nodes = append(nodes, n)
		}
	}
	return nodes
}

// funcDecls returns the chunk's function declarations.
func (c *loggedChunk) funcDecls() []*ast.FuncDecl {
	var fds []*ast.FuncDecl
	for _, n := range c.topLevel() {
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Body != nil {
			fds = append(fds, fd)
		}
	}
	return fds
}

// declaredNames returns the functions (by funcKey) and types a declaration chunk
// declares.
func (c *loggedChunk) declaredNames() map[string]bool {
	names := map[string]bool{}
	for _, n := range c.topLevel() {
		switch d := n.(type) {
		case *ast.FuncDecl:
			names[funcKey(d)] = true
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					names[ts.Name.Name] = true
				}
			}
		}
	}
	return names
}

// text returns the source of e, a node of the chunk.
func (c *loggedChunk) text(e ast.Node) string {
	return c.src[c.tfile.Offset(e.Pos())-c.prefix : c.tfile.Offset(e.End())-c.prefix]
}
