package interp

import (
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"runtime"
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
	lines := strings.Split(code, "\n")
	tb := []string{fmt.Sprintf("%s%s%s: %s", ansiRed, name, ansiReset, msg)}
	if line >= 1 && line <= len(lines) {
		src := strings.ReplaceAll(lines[line-1], "\t", "    ")
		caretCol := col
		if caretCol < 1 {
			caretCol = 1
		}
		// Tabs were widened above; move the caret the same way.
		prefix := lines[line-1]
		if caretCol-1 <= len(prefix) {
			prefix = prefix[:caretCol-1]
		}
		width := len(strings.ReplaceAll(prefix, "\t", "    "))
		tb = append(tb,
			fmt.Sprintf("%sline %d, column %d%s:", ansiGreen, line, col, ansiReset),
			"    "+src,
			"    "+strings.Repeat(" ", width)+ansiBold+"^"+ansiReset)
	}
	return &CellError{Name: name, Value: fmt.Sprintf("line %d:%d: %s", line, col, msg), Traceback: tb}
}

// reflectRuntimeErrors maps reflect's panic messages to Go's runtime error texts.
var reflectRuntimeErrors = map[string]string{
	"reflect: slice index out of range":                 "index out of range",
	"reflect: array index out of range":                 "index out of range",
	"reflect: string index out of range":                "index out of range",
	"reflect: slice bounds out of range":                "slice bounds out of range",
	"reflect: call of reflect.Value.Elem on zero Value": "invalid memory address or nil pointer dereference",
	"reflect: assignment to entry in nil map":           "assignment to entry in nil map",
}

// panicError describes a panic raised by interpreted code: its value, and the
// interpreted frames it unwound through with their cell positions (lineOffset is
// subtracted from yaegi's line numbers, as for compile errors).
func panicError(p interp.Panic, trace []string, lineOffset int) *CellError {
	name := "panic"
	if _, ok := p.Value.(runtime.Error); ok {
		name = "runtime error"
	}
	value := fmt.Sprint(p.Value)
	if rv, ok := p.Value.(interface{ Interface() any }); ok {
		value = fmt.Sprint(rv.Interface())
	}
	value = strings.TrimPrefix(value, "runtime error: ")
	// yaegi carries out indexing and conversions with reflect, whose panics mean what
	// Go's runtime errors mean; name them the way a compiled program would.
	for reflectMsg, goMsg := range reflectRuntimeErrors {
		if strings.HasPrefix(value, reflectMsg) {
			name, value = "runtime error", goMsg
			break
		}
	}
	tb := []string{ansiRed + name + ansiReset + ": " + value}
	if len(trace) > 0 {
		tb = append(tb, "", "Interpreted call stack (innermost first):")
	}
	for _, frame := range trace {
		// "12:3: panic: main.f(...)" -> "  main.f(...) at line 11:3"
		m := positionPrefix.FindStringSubmatch(frame)
		if m == nil {
			tb = append(tb, "  "+frame)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		fn := strings.TrimPrefix(strings.TrimPrefix(frame, m[0]), "panic: ")
		if fn == "main(...)" {
			fn = "cell"
		}
		tb = append(tb, fmt.Sprintf("  %s%s%s at line %d:%s", ansiGreen, fn, ansiReset, line-lineOffset, m[2]))
	}
	return &CellError{Name: name, Value: value, Traceback: tb}
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
