// The session's source log: the code of every chunk the session evaluated, parsed
// when a panic needs it. A session may run for tens of thousands of executions, so
// the log keeps no syntax tree beyond the panic that needed it: what later panics ask
// of every chunk (the functions and types it declares, the names the panic's nodes
// are told apart by) is read once into an index, and only the chunks that declared a
// frame's function are parsed again.

package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
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

	// The index of chunks[:indexed] (see index): byFunc has the positions in chunks of
	// the declaration chunks that declare a function or method of each name, oldest
	// first; withLiterals those of the chunks whose top-level code holds a function
	// literal; declared what they all declare.
	indexed      int
	byFunc       map[string][]int
	withLiterals []int
	declared     *declaredNamespace

	// syntaxMu guards the chunks' syntax trees (loggedChunk.chunkSyntax): placing
	// counts the panics being placed, and parsed lists the chunks parsed for them,
	// whose trees are dropped when the last placement is done.
	syntaxMu sync.Mutex
	placing  int
	parsed   []*loggedChunk
}

// loggedChunk is one evaluated chunk.
type loggedChunk struct {
	cell     int
	src      string // as evaluated (without the leading newline), lines numbered as the cell's
	stmt     bool
	colShift map[int]int
	code     string // the cell's code
	log      *sourceLog

	// The syntax tree, while a panic is being placed (see sourceLog.placement); tried
	// says it was parsed, file is nil when it does not parse.
	tried bool
	chunkSyntax

	// summary is what the chunk declares, once the index has read it.
	summary *chunkSummary
}

// chunkSyntax is a chunk's syntax tree.
type chunkSyntax struct {
	fset   *token.FileSet
	file   *ast.File
	tfile  *token.File
	prefix int // columns the parse wrapper adds in front of line 1
}

// chunkSummary is what later panics need to know of a chunk without parsing it again.
type chunkSummary struct {
	funcs    []declaredFunc // its function declarations with a body
	names    []string       // what declaredNames returns
	literals bool           // its top-level code holds a function literal
}

// declaredFunc is a function declaration of a chunk.
type declaredFunc struct {
	name string   // the function's name
	key  string   // its funcKey
	text string   // its source, as the chunk has it (sharing the chunk's memory)
	refs []string // the identifiers it names, for mayBeRecompiled
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
	c := &loggedChunk{cell: l.cell, src: src, stmt: stmt, colShift: colShift, code: code, log: l}
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
		if l.indexed > len(l.chunks) {
			// Rare (a cell that failed to compile part way): the next panic indexes
			// the log again rather than this one taking names out.
			l.indexed, l.byFunc, l.withLiterals, l.declared = 0, nil, nil, nil
		}
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
	return l.state()
}

func (l *sourceLog) state() logState {
	st := logState{chunks: append([]*loggedChunk(nil), l.chunks...), running: l.running, cell: l.cell, live: l.live}
	if l.running != nil {
		st.chunks = append(st.chunks, l.running)
	}
	return st
}

// indexState is a logState with what the index says of its logged chunks.
type indexState struct {
	logState
	declaring    []int // positions in chunks of the logged chunks declaring the function asked for
	withLiterals []int
}

// lookup returns the log's state, indexed, with the logged chunks that declare
// functions named fn.
func (l *sourceLog) lookup(fn string) indexState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.index()
	return indexState{logState: l.state(), declaring: slices.Clone(l.byFunc[fn]),
		withLiterals: slices.Clone(l.withLiterals)}
}

// namespace returns a copy of what the logged chunks declare, and the running chunk.
func (l *sourceLog) namespace() (*declaredNamespace, *loggedChunk) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.index()
	return l.declared.clone(), l.running
}

// index reads the chunks logged since the last panic into the index. Each chunk is
// parsed once for it, and its tree dropped at once.
func (l *sourceLog) index() {
	if l.declared == nil {
		l.indexed, l.byFunc, l.withLiterals = 0, map[string][]int{}, nil
		l.declared = newDeclaredNamespace()
	}
	for ; l.indexed < len(l.chunks); l.indexed++ {
		c := l.chunks[l.indexed]
		syn, ok := c.parse()
		if !ok {
			continue
		}
		sum := c.summaryOf(&syn)
		for _, f := range sum.funcs {
			if fs := l.byFunc[f.name]; len(fs) == 0 || fs[len(fs)-1] != l.indexed {
				l.byFunc[f.name] = append(fs, l.indexed)
			}
		}
		if sum.literals {
			l.withLiterals = append(l.withLiterals, l.indexed)
		}
		l.declared.add(syn.file)
	}
}

// placement marks the start of a panic's placement: the chunks' syntax trees it
// parses stay, so that its nodes and positions agree, until the done it returns is
// called (and every other placement is done too).
func (l *sourceLog) placement() (done func()) {
	l.syntaxMu.Lock()
	l.placing++
	l.syntaxMu.Unlock()
	return func() {
		l.syntaxMu.Lock()
		defer l.syntaxMu.Unlock()
		if l.placing--; l.placing > 0 {
			return
		}
		for _, c := range l.parsed {
			c.tried, c.chunkSyntax = false, chunkSyntax{}
		}
		l.parsed = nil
	}
}

// parse parses the chunk's code, and reports whether it parses.
func (c *loggedChunk) parse() (chunkSyntax, bool) {
	head, tail := "package p;", ""
	if c.stmt {
		head, tail = "package p;func _(){", "\n}"
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+c.src+tail, parser.SkipObjectResolution)
	if err != nil {
		return chunkSyntax{}, false
	}
	return chunkSyntax{fset: fset, file: f, tfile: fset.File(f.Pos()), prefix: len(head)}, true
}

// parsed returns the chunk's syntax tree, or nil when it does not parse. The tree is
// kept until the placements of panics under way are done (see placement).
func (c *loggedChunk) parsed() *ast.File {
	l := c.log
	l.syntaxMu.Lock()
	defer l.syntaxMu.Unlock()
	if !c.tried {
		c.tried = true
		c.chunkSyntax, _ = c.parse()
		l.parsed = append(l.parsed, c)
	}
	return c.file
}

// summaryOf returns the chunk's summary, read from syn (parsed if nil) the first time.
func (c *loggedChunk) summaryOf(syn *chunkSyntax) *chunkSummary {
	l := c.log
	l.syntaxMu.Lock()
	defer l.syntaxMu.Unlock()
	if c.summary == nil {
		if syn == nil {
			if parsed, ok := c.parse(); ok {
				syn = &parsed
			}
		}
		c.summary = noDecls
		if syn != nil {
			c.summary = c.summarize(*syn)
		}
	}
	return c.summary
}

// declaredNames returns the functions (by funcKey) and types a declaration chunk
// declares.
func (c *loggedChunk) declaredNames() []string { return c.summaryOf(nil).names }

// declaredFuncs returns the chunk's function declarations with a body.
func (c *loggedChunk) declaredFuncs() []declaredFunc { return c.summaryOf(nil).funcs }

// declaresLive reports whether the chunk declares a function named fn as the session
// has it now (live, as in sourceLog.live): the only declarations of a logged chunk a
// frame can run.
func (c *loggedChunk) declaresLive(fn string, live map[string]string) bool {
	for _, f := range c.declaredFuncs() {
		if f.name == fn && live[f.key] == f.text {
			return true
		}
	}
	return false
}

// noDecls is the summary of the many chunks that declare no function or type and
// hold no function literal.
var noDecls = &chunkSummary{}

// summarize reads what the index keeps of a chunk from its syntax tree.
func (c *loggedChunk) summarize(syn chunkSyntax) *chunkSummary {
	sum := &chunkSummary{}
	if c.stmt {
		for _, n := range topLevelOf(syn.file, true) {
			ast.Inspect(n, func(x ast.Node) bool {
				_, lit := x.(*ast.FuncLit)
				sum.literals = sum.literals || lit
				return !sum.literals
			})
		}
		if !sum.literals {
			return noDecls
		}
		return sum
	}
	for _, n := range topLevelOf(syn.file, false) {
		switch d := n.(type) {
		case *ast.FuncDecl:
			sum.names = append(sum.names, funcKey(d))
			if d.Body == nil {
				continue
			}
			from, to := syn.tfile.Offset(d.Pos())-syn.prefix, syn.tfile.Offset(d.End())-syn.prefix
			sum.funcs = append(sum.funcs, declaredFunc{name: d.Name.Name, key: funcKey(d), text: c.src[from:to], refs: identsOf(d)})
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					sum.names = append(sum.names, ts.Name.Name)
				}
			}
			ast.Inspect(d, func(x ast.Node) bool {
				_, lit := x.(*ast.FuncLit)
				sum.literals = sum.literals || lit
				return !sum.literals
			})
		}
	}
	return sum
}

// identsOf returns the names of the identifiers in n, each once, sorted.
func identsOf(n ast.Node) []string {
	var names []string
	ast.Inspect(n, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok {
			names = append(names, id.Name)
		}
		return true
	})
	slices.Sort(names)
	return slices.Clone(slices.Compact(names)) // without the room of the duplicates
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
	return topLevelOf(f, c.stmt)
}

// topLevelOf returns the statements (stmt) or declarations of a chunk's tree f.
func topLevelOf(f *ast.File, stmt bool) []ast.Node {
	var nodes []ast.Node
	if stmt {
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

// text returns the source of e, a node of the chunk.
func (c *loggedChunk) text(e ast.Node) string {
	return c.src[c.tfile.Offset(e.Pos())-c.prefix : c.tfile.Offset(e.End())-c.prefix]
}
