// A cell's failure as Jupyter shows it: compile errors and refusals positioned in the
// cell, and panics (see the overview below, and the files it lists).

package interp

import (
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"

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

// yaegiPosition is how yaegi starts a message with a position: "file:line:col: " or
// "line:col: ".
const yaegiPosition = `^(?:[^\s:]*:)?(\d+):(\d+): `

// positionPrefix matches a position at the start of a message.
var positionPrefix = regexp.MustCompile(yaegiPosition)

// compileError turns an error from the scanner, parser or yaegi's type checker into a
// CellError pointing at the cell's own line and column; lineOffset and colShift are
// as inCell takes them.
func compileError(code string, err error, lineOffset int, colShift map[int]int) *CellError {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		line, col := inCell(e.Pos.Line, e.Pos.Column, lineOffset, colShift)
		return positioned(code, "CompileError", e.Msg, line, col)
	}
	msg := strings.TrimSpace(err.Error())
	first, _, _ := strings.Cut(msg, "\n")
	if m := positionPrefix.FindStringSubmatch(first); m != nil {
		line, col := inCell(atoi(m[1]), atoi(m[2]), lineOffset, colShift)
		return positioned(code, "CompileError", strings.TrimPrefix(first, m[0]), line, col)
	}
	return bareError("CompileError", first)
}

// inCell turns a line and column of evaluated source into the cell's: lineOffset is
// how many lines the source had above the cell's first line; colShift, the columns
// added in front of some of the cell's lines.
func inCell(line, col, lineOffset int, colShift map[int]int) (int, int) {
	line -= lineOffset
	if shift := colShift[line]; col > shift {
		col -= shift
	}
	return line, col
}

// atoi is strconv.Atoi for the digits a regular expression matched.
func atoi(digits string) int {
	n, _ := strconv.Atoi(digits)
	return n
}

// bareError builds an error that has no place in the cell to show.
func bareError(name, msg string) *CellError {
	return &CellError{Name: name, Value: msg, Traceback: []string{ansiRed + name + ansiReset + ": " + msg}}
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
var interpreterCrash = regexp.MustCompile(yaegiPosition + `CFG (?:pre|post)-order panic: (.*)$`)

// unsupportedError turns a crash of yaegi's compiler on a cell into a plain refusal:
// the construct is valid Go that the interpreter cannot run, which is no fault of the
// cell and should not read as a panic in the user's code. It returns nil for any
// other panic.
func unsupportedError(code string, p interp.Panic, lineOffset int, colShift map[int]int) *CellError {
	m := interpreterCrash.FindStringSubmatch(strings.TrimSpace(fmt.Sprint(p.Value)))
	if m == nil {
		return nil
	}
	line, col := inCell(atoi(m[1]), atoi(m[2]), lineOffset, colShift)
	return positioned(code, "NotSupported", "not supported in cells: the Go interpreter (yaegi) cannot compile this construct ("+m[3]+")", line, col)
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
//     record of the code each evaluation ran);
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
//
// The pieces, by file:
//   - panic_trace.go: yaegi's frame lines as the panicking goroutine writes them, and
//     the closure each frame ran, read from Go stacks;
//   - source_log.go: the source log;
//   - panic_frames.go: each frame's function in the logged code, and the traceback;
//   - panic_nodes.go: the nodes of a function the closure a frame ran may be;
//   - panic_recheck.go: what the cell's top-level variables still tell after the
//     panic (failingNow, boundsValues);
//   - panic_messages.go: the panic's value as Go's message;
//   - goroutine_panic.go: the report of a panic that ends the worker.

// panicError describes a panic recovered outside an evaluation (a cell's deferred
// call, see runDeferred): its value as Go names it. No frame of such a panic can be
// placed in a cell.
func panicError(v any) *CellError {
	name, value, _, _ := panicMessage(v, "")
	return bareError(name, value)
}

// evalPanicError describes a panic raised by interpreted code in chunk run of the cell
// whose (prepared) code is code.
func (s *Session) evalPanicError(p interp.Panic, code string, run *loggedChunk) *CellError {
	defer s.sources.placement()()
	st := parseGoStack(string(p.Stack))
	ops, outer, complete := reportingFrames(st.fns)
	op := ""
	if len(ops) > 0 {
		op = opName(ops[0])
	}
	name, value, aLine, aCol := panicMessage(p.Value, op)
	if own, ok := s.ownMessage(p.Value); ok {
		name, value = "panic", own
	}
	// The cells' struct types by Go's names (interface conversion: interface {} is
	// main.Square, not main.Circle), as fmt's output has them.
	value = s.typeNames.apply(value)
	lines, recorded, lost := s.framesOf(st.id)
	s.forgetPanic(st.id)
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
