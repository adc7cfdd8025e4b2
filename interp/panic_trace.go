// yaegi's frame lines: what the interpreter writes to its stderr for each interpreted
// frame a panic unwinds through, kept per goroutine with the closure each frame ran,
// read from Go stacks (see the overview in errors.go).

package interp

import (
	"io"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// The session's frame lines. yaegi writes them from the panicking goroutine; the
// session keeps them per goroutine in Session.panicTrace, a goroutine's lines starting
// again with each new panic it reports. With each line goes the closure the reporting
// frame ran, read from the goroutine's stack as the line is written: the stack at the
// end of a deep panic has its inner frames elided.

// traceLine is one of yaegi's frame lines as the session keeps it.
type traceLine struct {
	goroutine int64
	k         int    // the line's index in its panic's sequence (see panicSeq)
	op        string // the closure the reporting frame ran, "" when not known
	text      string // the line as yaegi wrote it, "L:C: panic: NAME(...)"
}

// maxTraceLines bounds the frame lines kept (those of recovered panics stay until
// then); a panic deeper than that loses its innermost lines.
const maxTraceLines = 1 << 14

// frameLine matches one of yaegi's panic frame lines.
var frameLine = regexp.MustCompile(yaegiPosition + `panic: (.*?)(?:\(\.\.\.\))?$`)

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

// panicTraceFilter is the interpreter's stderr: it keeps yaegi's panic frames for the
// error's traceback (see Session.panicFrame) and passes everything else (log output)
// through.
type panicTraceFilter struct {
	s *Session
	w io.Writer
}

func (f *panicTraceFilter) Write(p []byte) (int, error) {
	if line := strings.TrimSuffix(string(p), "\n"); frameLine.MatchString(line) {
		f.s.panicFrame(strings.TrimSpace(line), f.w)
		return len(p), nil
	}
	return f.w.Write(p)
}

// panicFrame takes one of yaegi's panic frame lines, written to the interpreter's
// stderr by the panicking goroutine. When that goroutine is one a cell started with a
// go statement and the panic is leaving it, the process is about to die: the frames
// are then written to stderr for the kernel (see reportGoroutinePanic).
func (s *Session) panicFrame(line string, stderr io.Writer) {
	seq := s.panicSeqOf(firstReport())
	s.traceMu.Lock()
	k := seq.k
	seq.k++
	op := ""
	if k < len(seq.ops) {
		op = seq.ops[k]
	}
	last := seq.reports == k+1
	if last {
		s.panicSeqs = slices.DeleteFunc(s.panicSeqs, func(q *panicSeq) bool { return q == seq })
	}
	s.panicTrace = append(s.panicTrace, traceLine{goroutine: seq.id, k: k, op: op, text: line})
	if len(s.panicTrace) > maxTraceLines {
		s.panicTrace = s.panicTrace[len(s.panicTrace)-maxTraceLines:]
	}
	s.traceMu.Unlock()
	if last && seq.goStmt {
		// The outermost interpreted frame of a goroutine a go statement started: nothing
		// can recover the panic any more, and the process ends as soon as this returns.
		s.reportGoroutinePanic(seq.id, stderr)
	}
}

// panicSeqOf returns the sequence of the frame line being written: a new one when the
// line is its panic's first (first, see firstReport), else the writing goroutine's.
//
// A deep panic writes a line per frame with the whole stack below it: the goroutine's
// full stack is read once, at its first line, and at the others only when more than
// one panic is open.
func (s *Session) panicSeqOf(first bool) *panicSeq {
	if first {
		st := parseGoStack(currentStack())
		ops, _, complete := reportingFrames(st.fns)
		seq := &panicSeq{id: st.id, ops: ops, reports: -1, goStmt: complete && startedByGoStatement(st.fns)}
		if complete {
			seq.reports = len(ops)
		}
		s.forgetPanic(st.id)
		s.traceMu.Lock()
		defer s.traceMu.Unlock()
		s.panicSeqs = append(s.panicSeqs, seq)
		if len(s.panicSeqs) > maxOpenSeqs {
			s.panicSeqs = s.panicSeqs[1:]
		}
		return seq
	}
	s.traceMu.Lock()
	if len(s.panicSeqs) == 1 {
		// A panic going on through the next frame: the one open, when only one is.
		seq := s.panicSeqs[0]
		s.traceMu.Unlock()
		return seq
	}
	s.traceMu.Unlock()
	id := parseGoStack(currentStack()).id
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	var seq *panicSeq
	for _, q := range s.panicSeqs {
		if q.id == id {
			seq = q
		}
	}
	if seq == nil {
		// Its first line is forgotten: the lines are not numbered from the panic.
		seq = &panicSeq{id: id, k: maxTraceLines, reports: -1}
		s.panicSeqs = append(s.panicSeqs, seq)
	}
	return seq
}

// framesOf returns the frame lines of goroutine id's latest panic, innermost first,
// the closure each frame ran when it was written ("" when not known), and how many
// of its innermost lines were not kept.
func (s *Session) framesOf(id int64) (lines, ops []string, lost int) {
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	for _, t := range s.panicTrace {
		if t.goroutine != id {
			continue
		}
		if len(lines) == 0 {
			lost = t.k
		}
		lines, ops = append(lines, t.text), append(ops, t.op)
	}
	return lines, ops, lost
}

// forgetPanic forgets the frame lines of goroutine id and its open panic.
func (s *Session) forgetPanic(id int64) {
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	s.panicTrace = slices.DeleteFunc(s.panicTrace, func(t traceLine) bool { return t.goroutine == id })
	s.panicSeqs = slices.DeleteFunc(s.panicSeqs, func(q *panicSeq) bool { return q.id == id })
}

// Go stacks.

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

// currentStack returns the calling goroutine's stack as runtime.Stack prints it.
func currentStack() string { return goroutineStacks(false, 64<<10) }

// interpretedGoroutines reports whether any goroutine is in interpreted code.
func interpretedGoroutines() bool {
	return strings.Contains(goroutineStacks(true, 1<<20), goRunCfg+"(")
}

// goroutineStacks returns runtime.Stack's dump of the calling goroutine's stack, or of
// every goroutine's; size is the buffer to try first.
func goroutineStacks(all bool, size int) string {
	buf := make([]byte, size)
	for {
		n := runtime.Stack(buf, all)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}
