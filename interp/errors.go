package interp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"weak"

	"github.com/gokernel/gokernel/interp/prepare"
	"github.com/traefik/yaegi/interp"
)

// CellError is a cell's failure in the shape of Jupyter's error message.
type CellError struct {
	Name      string // the Go error kind: CompileError, panic, runtime error
	Value     string
	Traceback []string
}

func (e *CellError) Error() string { return e.Name + ": " + e.Value }

// ANSI colours for tracebacks; JupyterLab, Notebook and VS Code render them.
const (
	ansiRed   = "\x1b[0;31m"
	ansiGreen = "\x1b[0;32m"
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

// positionPrefix matches "file:line:col: " or "line:col: " at the start of a message.
var positionPrefix = regexp.MustCompile(`^(?:[^\s:]*:)?(\d+):(\d+): `)

// compileError turns an error from the scanner, parser or yaegi's type checker into a
// CellError pointing at the cell's own line and column. lineOffset is how many lines
// the evaluated source had above the cell's first line; colShift, the columns added in
// front of some lines.
func compileError(code string, err error, lineOffset int, colShift map[int]int) *CellError {
	at := func(line, col int) (int, int) {
		line -= lineOffset
		if shift := colShift[line]; col > shift {
			col -= shift
		}
		return line, col
	}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		line, col := at(e.Pos.Line, e.Pos.Column)
		return positioned(code, "CompileError", e.Msg, line, col)
	}
	msg := strings.TrimSpace(err.Error())
	first, _, _ := strings.Cut(msg, "\n")
	if m := positionPrefix.FindStringSubmatch(first); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		line, col = at(line, col)
		return positioned(code, "CompileError", strings.TrimPrefix(first, m[0]), line, col)
	}
	return &CellError{Name: "CompileError", Value: first, Traceback: []string{ansiRed + "CompileError" + ansiReset + ": " + first}}
}

// positioned builds an error that quotes the cell line with a caret under the column.
func positioned(code, name, msg string, line, col int) *CellError {
	tb := append([]string{fmt.Sprintf("%s%s%s: %s", ansiRed, name, ansiReset, msg)}, quoteLine(code, line, col)...)
	return &CellError{Name: name, Value: fmt.Sprintf("line %d:%d: %s", line, col, msg), Traceback: tb}
}

// quoteLine returns the traceback lines that show line of code with a caret under
// col, or nothing when the line is not in code.
func quoteLine(code string, line, col int) []string {
	lines := strings.Split(code, "\n")
	if line < 1 || line > len(lines) {
		return nil
	}
	src := strings.ReplaceAll(lines[line-1], "\t", "    ")
	caretCol := max(col, 1)
	// Tabs were widened above; move the caret the same way.
	prefix := lines[line-1]
	if caretCol-1 <= len(prefix) {
		prefix = prefix[:caretCol-1]
	}
	width := len(strings.ReplaceAll(prefix, "\t", "    "))
	return []string{
		fmt.Sprintf("%sline %d, column %d%s:", ansiGreen, line, col, ansiReset),
		"    " + src,
		"    " + strings.Repeat(" ", width) + ansiBold + "^" + ansiReset,
	}
}

// interpreterCrash matches yaegi's report of a panic inside its own compiler.
var interpreterCrash = regexp.MustCompile(`^(?:[^\s:]*:)?(\d+):(\d+): CFG (?:pre|post)-order panic: (.*)$`)

// unsupportedError turns a crash of yaegi's compiler on a cell into a plain refusal:
// the construct is valid Go that the interpreter cannot run, which is no fault of the
// cell and should not read as a panic in the user's code. It returns nil for any
// other panic.
func unsupportedError(code string, p interp.Panic, lineOffset int, colShift map[int]int) *CellError {
	m := interpreterCrash.FindStringSubmatch(strings.TrimSpace(fmt.Sprint(p.Value)))
	if m == nil {
		return nil
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	line -= lineOffset
	if shift := colShift[line]; col > shift {
		col -= shift
	}
	e := positioned(code, "NotSupported", "not supported in cells: the Go interpreter (yaegi) cannot compile this construct ("+m[3]+")", line, col)
	return e
}

// Panics.
//
// A compiled Go program says where it panicked: the runtime's traceback has the line
// of every frame. yaegi v0.16.1 does not: interp.Panic carries the recovered value and
// the Go stack of the interpreter, and for every interpreted frame the panic unwinds
// through, runCfg writes "L:C: panic: NAME(...)" to the interpreter's stderr. L:C is
// not where the frame was: runCfg means to report the node it was executing, but the
// variable it passes to originalExecNode is shadowed by the loop that runs the nodes
// (run.go, runCfg), so it is always nil and the report falls back to the frame's first
// node — the first statement of the function, "one statement early" or more.
//
// What the interpreter does give is enough to place most panics soundly:
//   - the first node of each frame, which names the function (with the session's
//     record of the code each evaluation ran, below);
//   - in the Go stack, the yaegi closure each interpreted frame was running when the
//     panic went through it (the frame above each runCfg): _panic for a call of
//     panic, getIndexArray for an index expression, quo for a division, call for a
//     call of an interpreted function, callBin for a compiled one, and so on.
//
// The failing node is then one of the function's nodes of the kind that closure runs
// (for an outer frame, a call that can call the frame inside it). When the function
// has only one (one panic call, one division), that is the line, exactly. At the
// cell's top level, whose variables outlive the panic, evaluating the candidates again
// (when that has no side effects) can tell which one fails (see failingNow). Otherwise
// the frame shows the lines it may be at, or no line: no number is printed that might
// be wrong. The same goes for the values of Go's bounds messages (see boundsValues).
//
// The frames' functions are found in the source log (sourceLog): the code of every
// chunk the session ran, in this cell or an earlier one.

// yaegiFunc prefixes the functions of yaegi's interpreter in Go stack traces.
const yaegiFunc = "github.com/traefik/yaegi/interp."

const (
	goRunCfg      = yaegiFunc + "runCfg"
	goRunCfgDefer = yaegiFunc + "runCfg.func1" // runCfg's deferred function
	goElided      = "..."                      // stands for the frames a traceback left out
)

// goStack is a goroutine's stack as runtime.Stack prints it: its id and its function
// names, innermost first.
type goStack struct {
	id     int64
	fns    []string
	elided bool
}

// parseGoStack reads the first goroutine of a runtime.Stack dump.
func parseGoStack(dump string) goStack {
	var st goStack
	for i, line := range strings.Split(dump, "\n") {
		switch {
		case i == 0:
			if rest, ok := strings.CutPrefix(line, "goroutine "); ok {
				id, _, _ := strings.Cut(rest, " ")
				st.id, _ = strconv.ParseInt(id, 10, 64)
			}
		case line == "" || strings.HasPrefix(line, "\t"):
		case strings.HasPrefix(line, "created by ") || strings.HasPrefix(line, "goroutine "):
			return st
		case strings.HasPrefix(line, "...") && strings.Contains(line, "elided"):
			st.elided = true
			st.fns = append(st.fns, goElided)
		default:
			if j := strings.LastIndexByte(line, '('); j > 0 {
				st.fns = append(st.fns, line[:j])
			}
		}
	}
	return st
}

// reportingFrames returns, innermost first, the yaegi closure that each interpreted
// frame which reported the panic (by a line on stderr) was running when the panic
// reached it. A runCfg reports unless the panic came out of the deferred calls it was
// running (its deferred function calls them through reflect.Value.Call); the closure
// it was running is the function just above it. When the stack had frames elided,
// inner holds the frames above the gap and outer those below it (the outermost
// frames); otherwise outer is nil and complete is true.
func reportingFrames(fns []string) (inner, outer []string, complete bool) {
	gap := slices.Index(fns, goElided)
	if gap < 0 {
		return reporting(fns, 0), nil, true
	}
	// Below the gap, the first runCfg's frames above it may be in the gap: whether it
	// reported is not known, so only the runCfgs after it count.
	below := fns[gap+1:]
	first := slices.Index(below, goRunCfg)
	if first >= 0 {
		outer = reporting(below, first+1)
	}
	return reporting(fns[:gap], 0), outer, false
}

// reporting returns the closures of the reporting runCfgs of fns, from index start on.
func reporting(fns []string, start int) []string {
	var ops []string
	segment := start
	for i := start; i < len(fns); i++ {
		if fns[i] != goRunCfg {
			continue
		}
		reported := true
		for j := max(segment, 1); j < i; j++ {
			if fns[j] == goRunCfgDefer && fns[j-1] == "reflect.Value.Call" {
				reported = false
			}
		}
		if reported && i > 0 {
			ops = append(ops, fns[i-1])
		}
		segment = i + 1
	}
	return ops
}

// opName is a yaegi closure's generator: "getIndexArray" for
// "github.com/traefik/yaegi/interp.getIndexArray.func4", or "" for a function that
// is not yaegi's.
func opName(fn string) string {
	rest, ok := strings.CutPrefix(fn, yaegiFunc)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ".")
	return name
}

// The session's frame lines. yaegi writes them from the panicking goroutine; they are
// kept per goroutine in Session.panicTrace as "ID\x00K\x00OP\x00LINE", K the line's
// index in its panic's sequence, OP the closure
// the reporting frame ran (read from the goroutine's stack as the line is written:
// the stack at the end of a deep panic has its inner frames elided), a goroutine's
// lines starting again with each new panic it reports.

// maxTraceLines bounds the frame lines kept (those of recovered panics stay until
// then); a panic deeper than that loses its innermost lines.
const maxTraceLines = 1 << 14

// frameLine matches one of yaegi's panic frame lines.
var frameLine = regexp.MustCompile(`^(?:[^\s:]*:)?(\d+):(\d+): panic: (.*?)(?:\(\.\.\.\))?$`)

// panicSeq is the sequence of frame lines one panic of a goroutine makes, as far as
// its first line's stack tells.
type panicSeq struct {
	id int64 // the goroutine
	k  int   // lines so far
	// ops are the closures of the reporting frames, innermost first, those the stack
	// at the first line shows (all of them when reports >= 0, the number of them).
	ops     []string
	reports int
	// goStmt says the goroutine is one a go statement started (startedByGoStatement).
	goStmt bool
}

// maxOpenSeqs bounds the panics kept open (those recovered before their outermost
// interpreted frame stay open).
const maxOpenSeqs = 64

// panicFrame takes one of yaegi's panic frame lines, written to the interpreter's
// stderr by the panicking goroutine. When that goroutine is one a cell started with a
// go statement and the panic is leaving it, the process is about to die: the frames
// are then written to stderr for the kernel (see goroutinePanicMarker).
//
// A deep panic writes a line per frame with the whole stack below it: the goroutine's
// full stack is read once, at its first line, and only a few frames at the others.
func (s *Session) panicFrame(line string, stderr io.Writer) {
	l := s.sourceLog()
	var seq *panicSeq
	if firstReport() {
		st := parseGoStack(currentStack())
		ops, _, complete := reportingFrames(st.fns)
		seq = &panicSeq{id: st.id, ops: ops, reports: -1, goStmt: complete && startedByGoStatement(st.fns)}
		if complete {
			seq.reports = len(ops)
		}
		s.dropFrames(st.id)
	}
	l.mu.Lock()
	if seq != nil {
		l.seqs = append(slices.DeleteFunc(l.seqs, func(q *panicSeq) bool { return q.id == seq.id }), seq)
		if len(l.seqs) > maxOpenSeqs {
			l.seqs = l.seqs[1:]
		}
	} else if len(l.seqs) == 1 {
		// A panic going on through the next frame: the one open, when only one is.
		seq = l.seqs[0]
	}
	l.mu.Unlock()
	if seq == nil {
		id := parseGoStack(currentStack()).id
		l.mu.Lock()
		for _, q := range l.seqs {
			if q.id == id {
				seq = q
			}
		}
		if seq == nil {
			// Its first line is forgotten: the lines are not numbered from the panic.
			seq = &panicSeq{id: id, k: maxTraceLines, reports: -1}
			l.seqs = append(l.seqs, seq)
		}
		l.mu.Unlock()
	}
	l.mu.Lock()
	k := seq.k
	seq.k++
	op := ""
	if k < len(seq.ops) {
		op = seq.ops[k]
	}
	last := seq.reports == k+1
	if last {
		l.seqs = slices.DeleteFunc(l.seqs, func(q *panicSeq) bool { return q == seq })
	}
	l.mu.Unlock()
	s.traceMu.Lock()
	s.panicTrace = append(s.panicTrace, strconv.FormatInt(seq.id, 10)+"\x00"+strconv.Itoa(k)+"\x00"+op+"\x00"+line)
	if len(s.panicTrace) > maxTraceLines {
		s.panicTrace = s.panicTrace[len(s.panicTrace)-maxTraceLines:]
	}
	s.traceMu.Unlock()

	if !last || !seq.goStmt {
		return
	}
	// The outermost interpreted frame of a goroutine a go statement started: nothing
	// can recover the panic any more, and the process ends as soon as this returns.
	lines, recorded, lost := s.framesOf(seq.id)
	if lost > 0 {
		return // too deep to say where
	}
	frames := s.placeFrames(lines, recorded, nil, nil, false, nil, "")
	report := goroutinePanic{Traceback: frames.traceback()}
	switch {
	case len(recorded) > 0 && opName(recorded[0]) == "_panic":
		// A panic call's value: the runtime prints the reflect.Value yaegi panics with,
		// whose String method gives a string's text, but only the type of the rest.
		report.Messages = []messageRewrite{{`^<(.+) Value>$`, "($1 value not shown: the interpreter's crash report has only its type)"}}
	case len(recorded) > 0 && byInterpreter(opName(recorded[0])):
		report.Messages = interpreterMessages
	}
	b, err := json.Marshal(report)
	if err != nil {
		return
	}
	fmt.Fprintf(stderr, "%s%s\n", goroutinePanicMarker, b)
}

// firstReport reports whether the frame line being written is its panic's first: the
// deferred function of the runCfg writing it (the first on the stack) did not come
// from another one's panicking again, as after the first.
func firstReport() bool {
	var pcs [24]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	var fns []string
	for {
		f, more := frames.Next()
		fns = append(fns, f.Function)
		if !more {
			break
		}
	}
	for i, fn := range fns {
		if fn == goRunCfgDefer {
			return !(i+2 < len(fns) && fns[i+1] == "runtime.gopanic" && fns[i+2] == goRunCfgDefer)
		}
	}
	return true
}

// startedByGoStatement reports whether a goroutine's frames outside its outermost
// interpreted one are only how yaegi starts a go statement's call (its call closures,
// the wrapper of a function value, reflect's Call), none of which recovers a panic.
func startedByGoStatement(fns []string) bool {
	last := -1
	for i, fn := range fns {
		if fn == goRunCfg {
			last = i
		}
	}
	if last < 0 {
		return false
	}
	for _, fn := range fns[last+1:] {
		name, isYaegi := strings.CutPrefix(fn, yaegiFunc)
		switch {
		case strings.HasPrefix(fn, "reflect."):
		case isYaegi && strings.Contains(name, ".func") && !strings.HasPrefix(name, "("):
		default:
			return false
		}
	}
	return true
}

// framesOf returns the frame lines of goroutine id's latest panic, innermost first,
// the closure each frame ran when it was written ("" when not known), and how many
// of its innermost lines were not kept.
func (s *Session) framesOf(id int64) (lines, ops []string, lost int) {
	tag := strconv.FormatInt(id, 10) + "\x00"
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	for _, l := range s.panicTrace {
		if rest, ok := strings.CutPrefix(l, tag); ok {
			k, rest, _ := strings.Cut(rest, "\x00")
			op, line, _ := strings.Cut(rest, "\x00")
			if len(lines) == 0 {
				lost, _ = strconv.Atoi(k)
			}
			lines, ops = append(lines, line), append(ops, op)
		}
	}
	return lines, ops, lost
}

// dropFrames forgets the frame lines of goroutine id.
func (s *Session) dropFrames(id int64) {
	tag := strconv.FormatInt(id, 10) + "\x00"
	s.traceMu.Lock()
	kept := s.panicTrace[:0]
	for _, l := range s.panicTrace {
		if !strings.HasPrefix(l, tag) {
			kept = append(kept, l)
		}
	}
	s.panicTrace = kept
	s.traceMu.Unlock()
}

func currentStack() string {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, false)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// goroutinePanicMarker starts the line a worker writes to its stderr just before a
// panic in a goroutine ends it: the marker, then a goroutinePanic as JSON. The kernel
// (kernel/supervisor.go, which has its own copy of the marker) takes the line out of
// the cell's output and reports the panic with it.
const goroutinePanicMarker = "\x00gokernel:goroutine-panic\x00"

// goroutinePanic is what the worker can say about a goroutine's fatal panic. The
// panic's value is not among it: nothing of it reaches the interpreter's stderr. The
// kernel reads it from the Go runtime's report, "panic: MSG [recovered, repanicked]",
// where MSG is the interpreter's text; Messages turns it into Go's.
type goroutinePanic struct {
	// Traceback lists the panicking goroutine's interpreted frames, innermost first,
	// as in a cell's error.
	Traceback []string `json:"traceback"`
	// Messages are the interpreter's messages that mean one of Go's runtime errors:
	// a regular expression for the message, and its replacement (regexp syntax), to be
	// applied when the panic came from the interpreter's own operation.
	Messages []messageRewrite `json:"messages,omitempty"`
}

type messageRewrite struct {
	Pattern string `json:"pattern"`
	Replace string `json:"replace"`
}

// interpreterMessages are the panics yaegi raises, through reflect, where compiled Go
// raises a runtime error; Replace is Go's message. Values Go prints in brackets
// (index out of range [10] with length 3) are not in reflect's messages; see
// boundsValues for when a cell's own top-level variables give them back.
var interpreterMessages = []messageRewrite{
	{`^reflect: (?:slice|array|string) index out of range$`, "runtime error: index out of range"},
	{`^reflect\.Value\.Slice3?: (?:string )?slice index out of bounds$`, "runtime error: slice bounds out of range"},
	{`^reflect: cannot convert slice with length (\d+) to (?:pointer to )?array with length (\d+)$`,
		"runtime error: cannot convert slice with length $1 to array or pointer to array with length $2"},
	{`^reflect: call of reflect\.Value\.\w+ on zero Value$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect: Method on nil interface value$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect\.Value\.Call: call of nil function$`, "runtime error: invalid memory address or nil pointer dereference"},
	{`^reflect: assignment to entry in nil map$`, "assignment to entry in nil map"},
	{`^interface conversion: nil is not (.*)$`, "interface conversion: interface is nil, not $1"},
}

var interpreterMessageRes = func() []*regexp.Regexp {
	res := make([]*regexp.Regexp, len(interpreterMessages))
	for i, m := range interpreterMessages {
		res[i] = regexp.MustCompile(m.Pattern)
	}
	return res
}()

// yaegiInterfaceType matches how yaegi writes an interface type literal's end, with no
// space before the brace ("interface { M()}"), where Go writes "interface { M() }".
var yaegiInterfaceType = regexp.MustCompile(`(interface \{ [^{}]*[^ {}])\}`)

// goMessage turns a message of the interpreter into Go's, or returns it unchanged.
func goMessage(msg string) string {
	if strings.HasPrefix(msg, "interface conversion: ") {
		msg = yaegiInterfaceType.ReplaceAllString(msg, "$1 }")
	}
	for i, re := range interpreterMessageRes {
		if re.MatchString(msg) {
			return re.ReplaceAllString(msg, interpreterMessages[i].Replace)
		}
	}
	return msg
}

// plainGoErrors are runtime errors whose message Go prints without "runtime
// error: ": the runtime's plainError values, and failed type assertions.
var plainGoErrors = []string{
	"assignment to entry in nil map",
	"send on closed channel",
	"close of nil channel",
	"close of closed channel",
	"makechan: size out of range",
	"makeslice: len out of range",
	"makeslice: cap out of range",
	"interface conversion: ",
	"all goroutines are asleep",
}

// assertionPosition matches the position yaegi puts in front of a failed type
// assertion's message.
var assertionPosition = regexp.MustCompile(`^(?:[^\s:]*:)?(\d+):(\d+): (interface conversion: .*)$`)

// byInterpreter reports whether a panic raised while a frame ran yaegi closure op is
// the interpreter's own (op unknown counts as such): not a panic call's value and not
// a panic of compiled code the cell called, whose messages are that code's.
func byInterpreter(op string) bool { return op != "_panic" && op != "callBin" }

// panicMessage returns how Go would name a panic with value v: "runtime error" and the
// message without that prefix for a runtime error, "panic" and the value otherwise.
// op is the yaegi closure the innermost frame ran ("" when not known): the messages of
// the interpreter's own operations are read as Go's. atLine:atCol is the position
// yaegi put in the message, 0:0 when none.
func panicMessage(v any, op string) (name, msg string, atLine, atCol int) {
	if rv, ok := v.(reflect.Value); ok {
		// A panic call of interpreted code panics with the reflect.Value of its argument.
		if !rv.IsValid() {
			v = nil
		} else {
			v = rv.Interface()
		}
		if v == nil {
			return "panic", "panic called with nil argument", 0, 0
		}
	}
	msg = fmt.Sprint(v)
	if m := assertionPosition.FindStringSubmatch(msg); m != nil {
		atLine, _ = strconv.Atoi(m[1])
		atCol, _ = strconv.Atoi(m[2])
		msg = m[3]
	}
	if byInterpreter(op) {
		msg = goMessage(msg)
	}
	_, isRuntime := v.(runtime.Error)
	if after, ok := strings.CutPrefix(msg, "runtime error: "); ok {
		return "runtime error", after, atLine, atCol
	}
	for _, p := range plainGoErrors {
		if strings.HasPrefix(msg, p) && (isRuntime || op != "" && byInterpreter(op)) {
			return "runtime error", msg, atLine, atCol
		}
	}
	return "panic", msg, atLine, atCol
}

// The session's source log: the code of every chunk the session evaluated, so that a
// frame's first node can be placed in the code that declared its function, in this
// cell or an earlier one.

// sourceLog is the code a session evaluated, chunk by chunk.
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
	// seqs are the panics whose frame lines are being written (see panicFrame).
	seqs []*panicSeq
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

// sourceLogs holds each session's log; the entry goes with the session.
var sourceLogs sync.Map // weak.Pointer[Session] -> *sourceLog

func (s *Session) sourceLog() *sourceLog {
	key := weak.Make(s)
	if l, ok := sourceLogs.Load(key); ok {
		return l.(*sourceLog)
	}
	l, loaded := sourceLogs.LoadOrStore(key, &sourceLog{})
	if !loaded {
		runtime.AddCleanup(s, func(k weak.Pointer[Session]) { sourceLogs.Delete(k) }, key)
	}
	return l.(*sourceLog)
}

// programMainCall is the code executeGo runs after a pasted program's declarations:
// a call of its main, part of the same cell.
const programMainCall = prepare.MainAlias + "()"

// begin records that chunk src of the cell whose code is code is about to run in
// session s. It runs on the session's goroutine.
func (l *sourceLog) begin(s *Session, code, src string, stmt bool, colShift map[int]int) *loggedChunk {
	live := make(map[string]string, len(s.funcs))
	for k, r := range s.funcs {
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

// funcKey is "f" for a function, "T.M" for a method (the session's funcRecord keys).
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return fd.Name.Name
	}
	return recvTypeName(fd.Recv.List[0].Type) + "." + fd.Name.Name
}

// recvTypeName is T for receivers T, *T, T[P] and *T[P].
func recvTypeName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// goFuncName is how Go names a declared function: main.f, main.T.M, main.(*T).M.
func goFuncName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return "main." + fd.Name.Name
	}
	recv := recvTypeName(fd.Recv.List[0].Type)
	if _, ptr := fd.Recv.List[0].Type.(*ast.StarExpr); ptr {
		return "main.(*" + recv + ")." + fd.Name.Name
	}
	return "main." + recv + "." + fd.Name.Name
}

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
	ls := l.snapshot()
	chunks, running := ls.chunks, ls.running
	var sites []site
	if fn == "" {
		// The top level, or a function literal outside any declared function.
		for i := len(chunks) - 1; i >= 0; i-- {
			c := chunks[i]
			if c.parsed() == nil {
				continue
			}
			st := site{chunk: c}
			p, ok := c.at(st.toChunk(line, col))
			if !ok {
				continue
			}
			var roots []ast.Node
			for _, n := range c.topLevel() {
				if _, ok := n.(*ast.FuncDecl); !ok {
					roots = append(roots, n)
				}
			}
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
	for i := len(chunks) - 1; i >= 0; i-- {
		c := chunks[i]
		if c.stmt || c.parsed() == nil {
			continue
		}
		for _, fd := range c.funcDecls() {
			key := funcKey(fd)
			if fd.Name.Name != fn || seen[key] || c != running && ls.live[key] != c.text(fd) {
				continue
			}
			seen[key] = true
			st := site{chunk: c, decl: fd, fn: fd}
			if mayBeRecompiled(chunks[i+1:], chunks, fd) {
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

// mayBeRecompiled reports whether the session may have compiled fd again since its
// chunk ran, from its declaration alone, among others (recompileDependents, and
// the redefinition of types): when a later chunk declared again a function or type
// it names, or one that names one, and so on.
func mayBeRecompiled(later, all []*loggedChunk, fd *ast.FuncDecl) bool {
	changed := map[string]bool{}
	for _, c := range later {
		for name := range c.declaredNames() {
			changed[name[strings.LastIndexByte(name, '.')+1:]] = true
		}
	}
	if len(changed) == 0 {
		return false
	}
	names := func(d *ast.FuncDecl) map[string]bool {
		refs := map[string]bool{}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				refs[id.Name] = true
			}
			return true
		})
		return refs
	}
	intersects := func(refs map[string]bool) bool {
		for r := range refs {
			if changed[r] {
				return true
			}
		}
		return false
	}
	for grew := true; grew; {
		grew = false
		for _, c := range all {
			for _, d := range c.funcDecls() {
				if !changed[d.Name.Name] && intersects(names(d)) {
					changed[d.Name.Name], grew = true, true
				}
			}
		}
	}
	return intersects(names(fd))
}

// literalsAt finds what a frame of a function `depth` literals deep in roots, whose first
// node is at p, runs: the literal whose body holds p, or the function around a literal
// that starts at p (nil for roots' own level). finished leaves out literals at the top
// of roots that a statement calls in place, for code that has finished running.
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
			if d == 0 && finished && immediatelyCalled(roots, lit) {
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
		if call != nil && unparen(call.Fun) == ast.Expr(lit) {
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

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// The failing node: what a yaegi closure runs.

// opKinds maps a yaegi closure generator to the syntax it runs; ops not listed place
// no node.
var opKinds = map[string]string{
	"_panic":                 "panic",
	"getIndexArray":          "index",
	"getIndexMap":            "index",
	"getIndexMap2":           "index",
	"getPtrIndexSeq":         "selector",
	"getIndexSeq":            "selector",
	"getIndexSeqPtr":         "selector",
	"getIndexBinMethod":      "selector",
	"getIndexBinPtrMethod":   "selector",
	"quo":                    "divide",
	"quoConst":               "divide",
	"quoAssign":              "divide",
	"rem":                    "divide",
	"remConst":               "divide",
	"remAssign":              "divide",
	"slice":                  "slice",
	"slice0":                 "slice",
	"convert":                "conversion",
	"typeAssert":             "assert",
	"typeAssertShort":        "assert",
	"typeAssertLong":         "assert",
	"typeAssertStatus":       "assert",
	"call":                   "call",
	"callBin":                "callBin",
	"genBuiltinDeferWrapper": "builtin",
	"_close":                 "builtin",
	"_delete":                "builtin",
	"_copy":                  "builtin",
	"_append":                "builtin",
	"_make":                  "builtin",
	"send":                   "send",
	"assign":                 "assign",
	"assignX":                "assign",
	"assignX2":               "assign",
	"inc":                    "incdec",
	"dec":                    "incdec",
	"deref":                  "deref",
}

// builtinFuncs and builtinTypes are the predeclared functions and types: a call of
// one (not redeclared) is not a call of an interpreted or compiled function. (The
// session's prelude defines min, max, clear, print and println in Go; they are
// builtins all the same: they change none of the cell's variables.)
var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "clear": true, "close": true, "complex": true, "copy": true,
	"delete": true, "imag": true, "len": true, "make": true, "max": true, "min": true,
	"new": true, "panic": true, "print": true, "println": true, "real": true, "recover": true,
}

var builtinTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "error": true,
	"float32": true, "float64": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "rune": true, "string": true, "uint": true, "uint8": true, "uint16": true,
	"uint32": true, "uint64": true, "uintptr": true, "any": true,
}

// namespace is what the logged code declares, for telling calls apart.
type namespace struct {
	funcs      map[string]bool // declared functions
	methods    map[string]bool // declared methods
	types      map[string]bool
	other      map[string]bool // every other declared name: variables, parameters, fields...
	funcFields map[string]bool // struct fields that may hold a function
	imports    map[string]bool
	// compiled reports whether a package's member is a compiled function (not one
	// interpreted from source, as the generic library's are, and not a type).
	compiled func(pkg, member string) bool
}

func (s *Session) namespace() namespace {
	l := s.sourceLog()
	imports := s.imports
	ns := namespace{funcs: map[string]bool{}, methods: map[string]bool{}, types: map[string]bool{},
		other: map[string]bool{}, funcFields: map[string]bool{}, imports: map[string]bool{}}
	ns.compiled = func(pkg, member string) bool {
		if pkg == prepare.RuntimeAlias {
			return true
		}
		p, ok := imports[pkg]
		if !ok {
			return false
		}
		v, ok := s.symbols.byPath[p][member]
		return ok && v.Kind() == reflect.Func
	}
	for name := range imports {
		ns.imports[name] = true
	}
	ns.imports[prepare.RuntimeAlias] = true
	chunks := l.snapshot().chunks
	funcTypes := map[string]bool{}
	for _, c := range chunks {
		f := c.parsed()
		if f == nil {
			continue
		}
		for _, is := range f.Imports {
			if is.Name != nil {
				ns.imports[is.Name.Name] = true
			} else if p, err := strconv.Unquote(is.Path.Value); err == nil {
				ns.imports[p[strings.LastIndexByte(p, '/')+1:]] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch d := n.(type) {
			case *ast.FuncDecl:
				if d.Name.Name == "_" && d.Recv == nil {
					return true // the statement chunk's wrapper
				}
				if d.Recv != nil {
					ns.methods[d.Name.Name] = true
				} else {
					ns.funcs[d.Name.Name] = true
				}
			case *ast.TypeSpec:
				ns.types[d.Name.Name] = true
				if _, ok := d.Type.(*ast.FuncType); ok {
					funcTypes[d.Name.Name] = true
				}
			case *ast.ValueSpec:
				for _, id := range d.Names {
					ns.other[id.Name] = true
				}
			case *ast.AssignStmt:
				if d.Tok == token.DEFINE {
					for _, e := range d.Lhs {
						if id, ok := e.(*ast.Ident); ok {
							ns.other[id.Name] = true
						}
					}
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{d.Key, d.Value} {
					if id, ok := e.(*ast.Ident); ok {
						ns.other[id.Name] = true
					}
				}
			case *ast.Field:
				for _, id := range d.Names {
					ns.other[id.Name] = true
				}
			case *ast.LabeledStmt:
				ns.other[d.Label.Name] = true
			}
			return true
		})
	}
	// Struct fields of a function type, a declared function type or another package's
	// type may hold a function.
	for _, c := range chunks {
		if f := c.parsed(); f != nil {
			ast.Inspect(f, func(n ast.Node) bool {
				st, ok := n.(*ast.StructType)
				if !ok {
					return true
				}
				for _, fld := range st.Fields.List {
					t := fld.Type
					if s, ok := t.(*ast.StarExpr); ok {
						t = s.X
					}
					switch ft := t.(type) {
					case *ast.FuncType, *ast.SelectorExpr, *ast.InterfaceType:
					case *ast.Ident:
						if !funcTypes[ft.Name] {
							continue
						}
					default:
						continue
					}
					for _, id := range fld.Names {
						ns.funcFields[id.Name] = true
					}
				}
				return true
			})
		}
	}
	return ns
}

// knownFunc reports whether an identifier can only name a declared function.
func (ns namespace) knownFunc(name string) bool { return ns.funcs[name] && !ns.other[name] }

// builtin reports whether an identifier can only name a predeclared function or type.
func (ns namespace) builtin(name string) bool {
	return (builtinFuncs[name] || builtinTypes[name]) && !ns.other[name] && !ns.types[name] && !ns.funcs[name]
}

// typeName reports whether an identifier names a type, making a call of it a conversion.
func (ns namespace) typeName(name string) bool {
	return (ns.types[name] || builtinTypes[name]) && !ns.other[name] && !ns.funcs[name]
}

// package reports whether an identifier can only name an imported package.
func (ns namespace) pkg(name string) bool {
	return ns.imports[name] && !ns.other[name] && !ns.funcs[name] && !ns.types[name]
}

// callee is what an outer frame called: the inner frame's function.
type callee struct {
	pkg string
	fn  string       // a declared function or method; "" for a literal
	lit *ast.FuncLit // the literal, when known
}

// compatible reports whether call may be a call of c.
func (ns namespace) compatible(call *ast.CallExpr, c callee) bool {
	switch f := unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return c.fn == "" && (c.lit == nil || c.lit == f)
	case *ast.Ident:
		if c.fn != "" && f.Name == c.fn && c.pkg == "main" {
			return true
		}
		return !ns.knownFunc(f.Name) && !ns.builtin(f.Name) && !ns.typeName(f.Name)
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && ns.pkg(x.Name) {
			return c.pkg == x.Name && f.Sel.Name == c.fn
		}
		if c.fn != "" && f.Sel.Name == c.fn {
			return true
		}
		return ns.funcFields[f.Sel.Name] || !ns.methods[f.Sel.Name]
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return false
	}
	return true
}

// compiledCall reports whether call may call compiled code.
func (ns namespace) compiledCall(call *ast.CallExpr) bool {
	switch f := unparen(call.Fun).(type) {
	case *ast.FuncLit:
		return false
	case *ast.Ident:
		return !ns.knownFunc(f.Name) && !ns.builtin(f.Name) && !ns.typeName(f.Name)
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Name == prepare.RuntimeAlias && f.Sel.Name == "Show" {
			return false // the trailing expression's wrapper, see evalTrailing
		}
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType, *ast.StructType, *ast.StarExpr:
		return false
	}
	return true
}

// candidate is a node the failing operation may be.
type candidate struct {
	node ast.Node
	pos  token.Pos // where to point
	top  bool      // in a simple statement at the top level of the chunk
	stmt ast.Stmt  // that statement
}

// candidates returns the nodes of a site that the closure generator op may have been
// running. value is the panic's message (for the innermost frame), c the callee (for
// an outer frame), nil when unknown.
func (st site) candidates(op, value string, c *callee, ns namespace) []candidate {
	kind := opKinds[op]
	if kind == "" {
		return nil
	}
	var roots []ast.Node
	if b := st.body(); b != nil {
		roots = []ast.Node{b}
	} else {
		for _, n := range st.chunk.topLevel() {
			if _, ok := n.(*ast.FuncDecl); !ok {
				roots = append(roots, n)
			}
		}
	}
	var found []candidate
	var path []ast.Node
	visit := func(n ast.Node) bool {
		if n == nil {
			path = path[:len(path)-1]
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && ast.Node(lit) != st.fn {
			// Another function: its nodes run in frames of their own.
			return false
		}
		if pos, ok := matches(kind, n, path, value, c, ns); ok {
			cand := candidate{node: n, pos: pos}
			if st.fn == nil {
				// A simple statement of the top level: its names are the cell's variables.
				top := n
				if len(path) > 0 {
					top = path[0]
				}
				switch s := top.(type) {
				case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.DeclStmt:
					cand.stmt, cand.top = s.(ast.Stmt), true
				}
			}
			found = append(found, cand)
		}
		path = append(path, n)
		return true
	}
	for _, r := range roots {
		path = path[:0]
		if b, ok := r.(*ast.BlockStmt); ok {
			for _, s := range b.List {
				ast.Inspect(s, visit)
			}
			continue
		}
		ast.Inspect(r, visit)
	}
	return found
}

// directCall reports whether the node at the end of path is the call of a go or
// defer statement, which does not run where it stands.
func directCall(n ast.Node, path []ast.Node) bool {
	if len(path) == 0 {
		return false
	}
	switch p := path[len(path)-1].(type) {
	case *ast.GoStmt:
		return p.Call == n
	case *ast.DeferStmt:
		return p.Call == n
	}
	return false
}

// matches reports whether node n (inside path) is one kind runs, and where to point.
func matches(kind string, n ast.Node, path []ast.Node, value string, c *callee, ns namespace) (token.Pos, bool) {
	switch kind {
	case "panic":
		if call, ok := n.(*ast.CallExpr); ok && !directCall(n, path) {
			if id, ok := unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				return call.Pos(), true
			}
		}
	case "index":
		if ix, ok := n.(*ast.IndexExpr); ok {
			if lit, ok := ix.Index.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				return 0, false // a map's
			}
			return ix.Pos(), true
		}
	case "selector":
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && ns.pkg(x.Name) {
				return 0, false
			}
			return sel.Pos(), true
		}
	case "divide":
		// A division by a constant other than zero cannot fail.
		switch e := n.(type) {
		case *ast.BinaryExpr:
			if (e.Op == token.QUO || e.Op == token.REM) && !nonZeroConstant(e.Y) {
				return e.OpPos, true
			}
		case *ast.AssignStmt:
			if (e.Tok == token.QUO_ASSIGN || e.Tok == token.REM_ASSIGN) && !(len(e.Rhs) == 1 && nonZeroConstant(e.Rhs[0])) {
				return e.TokPos, true
			}
		}
	case "slice":
		if s, ok := n.(*ast.SliceExpr); ok {
			return s.Pos(), true
		}
	case "conversion":
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 && !call.Ellipsis.IsValid() {
			switch f := unparen(call.Fun).(type) {
			case *ast.FuncLit:
				return 0, false
			case *ast.Ident:
				if ns.knownFunc(f.Name) || builtinFuncs[f.Name] && ns.builtin(f.Name) {
					return 0, false
				}
			case *ast.SelectorExpr:
				// Only a package's type makes a selector a conversion.
				if x, ok := f.X.(*ast.Ident); !ok || !ns.pkg(x.Name) || ns.compiled(x.Name, f.Sel.Name) {
					return 0, false
				}
			}
			return call.Pos(), true
		}
	case "assert":
		if a, ok := n.(*ast.TypeAssertExpr); ok && a.Type != nil {
			return a.Pos(), true
		}
	case "call", "callBin":
		call, ok := n.(*ast.CallExpr)
		if !ok || directCall(n, path) {
			return 0, false
		}
		if kind == "callBin" {
			return call.Pos(), ns.compiledCall(call)
		}
		if c != nil {
			return call.Pos(), ns.compatible(call, *c)
		}
		switch f := unparen(call.Fun).(type) {
		case *ast.Ident:
			if ns.builtin(f.Name) || ns.typeName(f.Name) {
				return 0, false
			}
		case *ast.SelectorExpr:
			if x, ok := f.X.(*ast.Ident); ok && ns.pkg(x.Name) && ns.compiled(x.Name, f.Sel.Name) {
				return 0, false // a call of compiled code is yaegi's callBin
			}
		}
		return call.Pos(), true
	case "builtin":
		if call, ok := n.(*ast.CallExpr); ok && !directCall(n, path) {
			if id, ok := unparen(call.Fun).(*ast.Ident); ok && builtinFuncs[id.Name] {
				return call.Pos(), true
			}
		}
	case "send":
		if s, ok := n.(*ast.SendStmt); ok {
			return s.Pos(), true
		}
	case "assign", "incdec":
		var lhs []ast.Expr
		switch s := n.(type) {
		case *ast.AssignStmt:
			if kind != "assign" {
				return 0, false
			}
			lhs = s.Lhs
		case *ast.ValueSpec:
			if kind != "assign" || strings.HasPrefix(value, "assignment to entry in nil map") {
				return 0, false
			}
			return s.Pos(), true
		case *ast.IncDecStmt:
			if kind != "incdec" {
				return 0, false
			}
			lhs = []ast.Expr{s.X}
		default:
			return 0, false
		}
		if strings.HasPrefix(value, "assignment to entry in nil map") {
			// Only a map index on the left writes to a map.
			for _, e := range lhs {
				if ix, ok := unparen(e).(*ast.IndexExpr); ok {
					return ix.Pos(), true
				}
			}
			return 0, false
		}
		return n.Pos(), true
	case "deref":
		if s, ok := n.(*ast.StarExpr); ok {
			return s.Pos(), true
		}
	}
	return 0, false
}

// nonZeroConstant reports whether e is a number literal other than zero.
func nonZeroConstant(e ast.Expr) bool {
	lit, ok := unparen(e).(*ast.BasicLit)
	if !ok || (lit.Kind != token.INT && lit.Kind != token.FLOAT) {
		return false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(lit.Value, "_", ""), 64)
	if err != nil {
		if i, err := strconv.ParseInt(strings.ReplaceAll(lit.Value, "_", ""), 0, 64); err == nil {
			return i != 0
		}
		return false
	}
	return v != 0
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
	lg := s.sourceLog()
	cell := lg.snapshot().cell
	ns := s.namespace()
	for i, raw := range lines {
		f := placedFrame{name: raw}
		m := frameLine.FindStringSubmatch(raw)
		if m == nil {
			pf.frames = append(pf.frames, f)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
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
	if shift := st.chunk.colShift[line]; shift > 0 && col > shift {
		col -= shift
	}
	return line, col
}

// compoundPrefix opens the function literal prepare's splitting wraps some compound
// statements in (prepare/split.go, wrapCompound); its ColShift records the columns.
const compoundPrefix = "func() { "

// isCompoundWrapper reports whether a site is the function literal a compound
// statement was wrapped in (see wrapCompound).
func isCompoundWrapper(st site) bool {
	lit, ok := st.fn.(*ast.FuncLit)
	if !ok || st.decl != nil {
		return false
	}
	line, _ := st.chunk.position(lit.Pos())
	off := st.chunk.tfile.Offset(lit.Pos()) - st.chunk.prefix
	return st.chunk.colShift[line] > 0 && off >= 0 && strings.HasPrefix(st.chunk.src[off:], compoundPrefix)
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
		for _, n := range st.chunk.topLevel() {
			if _, ok := n.(*ast.FuncDecl); !ok {
				roots = append(roots, n)
			}
		}
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

// panicError describes a panic recovered outside an evaluation (a cell's deferred
// call, see runDeferred): its value as Go names it. trace, yaegi's frame lines for it,
// and lineOffset are not used: no frame of such a panic can be placed in a cell.
func panicError(p interp.Panic, trace []string, lineOffset int) *CellError {
	name, value, _, _ := panicMessage(p.Value, "")
	return &CellError{Name: name, Value: value, Traceback: []string{ansiRed + name + ansiReset + ": " + value}}
}

// panicError describes a panic raised by interpreted code in chunk run of the cell
// whose (prepared) code is code.
func (s *Session) evalPanicError(p interp.Panic, code string, run *loggedChunk) *CellError {
	st := parseGoStack(string(p.Stack))
	ops, outer, complete := reportingFrames(st.fns)
	op := ""
	if len(ops) > 0 {
		op = opName(ops[0])
	}
	name, value, aLine, aCol := panicMessage(p.Value, op)
	lines, recorded, lost := s.framesOf(st.id)
	s.dropFrames(st.id)
	l := s.sourceLog()
	l.mu.Lock()
	l.seqs = slices.DeleteFunc(l.seqs, func(q *panicSeq) bool { return q.id == st.id })
	l.mu.Unlock()
	if lost > 0 {
		// The innermost lines were not kept: only the outermost frames, whose closures
		// the stack at the end has, can be placed, after a note of the gap.
		lines, recorded, ops, complete = append(make([]string, lost), lines...), append(make([]string, lost), recorded...), nil, false
	}
	pf := s.placeFrames(lines, recorded, ops, outer, complete, run, value)
	if len(pf.frames) > 0 {
		f := &pf.frames[0]
		if aLine > 0 && f.resolved && !f.site.unplaced {
			// A failed type assertion: yaegi's message says where.
			if pos, ok := f.site.chunk.at(f.site.toChunk(aLine, aCol)); ok {
				f.line, f.col = f.site.cellPosition(pos)
				f.lines = nil
			}
		}
		if f.node != nil && !f.earlier {
			if v, ok := s.boundsValues(f, value, run); ok {
				value = v
			}
		}
	}
	tb := []string{ansiRed + name + ansiReset + ": " + value}
	if len(pf.frames) > 0 {
		if f := pf.frames[0]; !f.earlier && f.line > 0 && f.col > 0 {
			tb = append(tb, quoteLine(code, f.line, f.col)...)
		}
	}
	tb = append(tb, pf.traceback()...)
	return &CellError{Name: name, Value: value, Traceback: tb}
}

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
	text := func(e ast.Expr) string { return run.text(e) }
	evalInt := func(e ast.Expr) (int64, bool) {
		v, err := s.evalQuiet("int64(" + text(e) + ")")
		if err != nil || !v.IsValid() || !v.CanInt() {
			return 0, false
		}
		return v.Int(), true
	}
	if interpretedGoroutines() {
		return "", false
	}
	var msg string
	var ok bool
	switch e := n.node.(type) {
	case *ast.IndexExpr:
		msg, ok = s.indexMessage(e, text(e.X), evalInt)
	case *ast.SliceExpr:
		msg, ok = s.sliceMessage(e, text(e.X), evalInt)
	}
	if !ok || interpretedGoroutines() {
		return "", false
	}
	return msg, true
}

func (s *Session) indexMessage(e *ast.IndexExpr, x string, evalInt func(ast.Expr) (int64, bool)) (string, bool) {
	i, ok := evalInt(e.Index)
	if !ok {
		return "", false
	}
	n, ok := s.lenOf(x, "len")
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
			if ix, ok := unparen(e).(*ast.IndexExpr); ok && ix.Pos() == c.pos {
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
		switch e := unparen(lhs).(type) {
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
				switch f := unparen(e.Fun).(type) {
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
		switch unparen(x.Fun).(type) {
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

// text returns the source of e, a node of the chunk.
func (c *loggedChunk) text(e ast.Node) string {
	return c.src[c.tfile.Offset(e.Pos())-c.prefix : c.tfile.Offset(e.End())-c.prefix]
}

// lenOf evaluates len or cap of expression x.
func (s *Session) lenOf(x, fn string) (int64, bool) {
	v, err := s.evalQuiet(fn + "(" + x + ")")
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
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return stableCallee(x.X)
	}
	return false
}

// interpretedGoroutines reports whether any goroutine is in interpreted code.
func interpretedGoroutines() bool {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Contains(string(buf[:n]), goRunCfg+"(")
		}
		buf = make([]byte, 2*len(buf))
	}
}
