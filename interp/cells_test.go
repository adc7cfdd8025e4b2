package interp

// TestCells is a differential test: each program of testdata/cells is built and run
// with the go command, and also cut into notebook cells that run one after another in
// a fresh Session. The two runs must agree on output, on where and how they panic,
// and on where and why they fail to compile.
//
// The format of a case (testdata/cells/NAME.go) is an ordinary Go program, package
// main, that builds with `go build` (no go.mod: the toolchain's own language version):
//
//   - Cell 0 is everything outside func main, in order: imports, types, funcs, vars,
//     without the package clause. It is run even when it holds only imports.
//   - The body of main is cut into further cells at lines that are exactly //cell
//     (spaces and tabs around it ignored). Each body line loses one leading tab,
//     but for lines that begin inside a raw string.
//     `func main() {` must end its line and the closing `}` must be alone on its line.
//     Cells are numbered in order from 0; a cell with nothing but blank lines is left
//     out.
//   - A line `_show(EXPR, ...)` as the last statement of a cell stands for the cell's
//     trailing expression: the cell gets `EXPR, ...` and the harness writes
//     formatValues(res.Values) and a newline to the cells' stdout. The built program
//     gets a second file, show.go, whose _show prints the same text (see showSource).
//     The call must sit on one line; _show anywhere else is refused.
//   - An import spec whose line ends in the comment `// autoimport` is left out of
//     cell 0: the program needs the import, the cells must find the package by
//     themselves (a cell auto-imports the packages it names). The spec must be alone
//     on its line; a single-line `import "p" // autoimport` drops the whole line.
//   - Cells allow what Go rejects only as unused: "declared and not used" and
//     "imported and not used" errors of the build are ignored when looking for the
//     program's compile error, and a case that has only those is refused.
//   - A case must end normally or by a panic in main's goroutine: no os.Exit or
//     log.Fatal. A statement that panics or fails to compile should sit on one line.
//
// The cells run in a child process, this test binary again, whose stdout and stderr
// are the session's, as in the kernel's worker: a cell that kills its process (a
// panic in a goroutine) fails that case only.
//
// What is compared:
//
//   - A program that runs to the end: every cell succeeds, and the cells' stdout and
//     stderr, concatenated, equal the program's.
//   - A program that panics (exit status 2, "panic: MSG" on stderr): the cells before
//     the one holding main's panicking line succeed, and that cell fails with a
//     *CellError whose Name is "runtime error" when MSG is a runtime.Error ("runtime
//     error: ...", or one of the few Go prints without that prefix: see
//     plainRuntimeErrors) and "panic" otherwise, and whose Value is MSG without
//     "runtime error: " (a value Go prints as "(T) 0xADDR" may have any address). The
//     innermost "at line N" frame of the traceback must be at the cell line the
//     program's innermost main.go frame maps to (in cell 0 for a function declared
//     there), and when that frame is not main's, the outermost one must be at the
//     line of main's frame. Output up to the panic must be the same (stderr without
//     the runtime's report).
//   - A program that does not build (./main.go:L:C: MSG): the cells before the one
//     holding line L succeed (their output is not compared: the program never ran),
//     and that cell fails with CompileError "line L':C': MSG", L':C' being L:C mapped
//     into the cell (main's body lines lose one column to the removed tab, a _show
//     line six more after "_show(").
//   - No cell after a failing one runs.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// showSource is the second file of every built case. _show must print what the
// harness prints for a cell's trailing values: formatValues in format.go, then a newline.
const showSource = `package main

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// _show prints its arguments as gokernel shows a cell's trailing expression
// (interp/format.go, formatValues): strings quoted, others as fmt.Sprint, ", " between.
func _show(vs ...any) {
	parts := make([]string, len(vs))
	for i, v := range vs {
		rv := reflect.ValueOf(v)
		switch {
		case !rv.IsValid():
			parts[i] = "<nil>"
		case rv.Kind() == reflect.String:
			parts[i] = strconv.Quote(rv.String())
		default:
			parts[i] = fmt.Sprint(v)
		}
	}
	fmt.Println(strings.Join(parts, ", "))
}
`

const (
	cellMarker       = "//cell"
	autoimportMarker = "autoimport"
	showCall         = "_show("
	cellTimeout      = 30 * time.Second
	programTimeout   = 3 * time.Minute
)

// caseCell is one notebook cell cut from a case program.
type caseCell struct {
	code string
	// lines[i] is the program line that cell line i+1 came from.
	lines []int
	// deindent[i] is the number of columns removed from the front of cell line i+1.
	deindent []int
	// showCol is, for the cell's _show line (showLine, 1-based in the cell), the
	// program column where "_show(" started; 0 when the cell has no _show.
	showLine, showCol int
}

func (c caseCell) shows() bool { return c.showCol > 0 }

// cellPos is a position inside a cell.
type cellPos struct {
	cell, line, col int
}

// cellsCase is a case program and the cells it becomes.
type cellsCase struct {
	file  string
	src   string
	cells []caseCell
}

// locate maps a program position to the cell position it became; col may be 0 when
// only the line matters.
func (cc *cellsCase) locate(line, col int) (cellPos, bool) {
	for ci, c := range cc.cells {
		for i, l := range c.lines {
			if l != line {
				continue
			}
			p := cellPos{cell: ci, line: i + 1}
			if col > 0 {
				p.col = col - c.deindent[i]
				if c.shows() && c.showLine == i+1 && col >= c.showCol+len(showCall) {
					p.col -= len(showCall)
				}
			}
			return p, true
		}
	}
	return cellPos{}, false
}

// splitCase cuts a case program into cells; see the comment at the top of the file.
func splitCase(file, src string) (*cellsCase, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	lines := strings.Split(src, "\n")
	text := func(line int) string { return lines[line-1] }

	var mainDecl *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			mainDecl = fd
		}
	}
	if mainDecl == nil || mainDecl.Body == nil {
		return nil, errors.New("no func main")
	}
	lbrace, rbrace := fset.Position(mainDecl.Body.Lbrace), fset.Position(mainDecl.Body.Rbrace)
	if strings.TrimSpace(text(lbrace.Line)[lbrace.Column:]) != "" {
		return nil, fmt.Errorf("line %d: func main's { must end its line", lbrace.Line)
	}
	if strings.TrimSpace(text(rbrace.Line)) != "}" || rbrace.Line == lbrace.Line {
		return nil, fmt.Errorf("line %d: func main's } must be alone on its line", rbrace.Line)
	}

	dropped := map[int]bool{fset.Position(f.Package).Line: true}
	if l := fset.Position(f.Package).Line; strings.TrimSpace(text(l)) != "package main" {
		return nil, fmt.Errorf("line %d: the package clause must be alone on its line", l)
	}
	for l := fset.Position(mainDecl.Pos()).Line; l <= rbrace.Line; l++ {
		dropped[l] = true
	}
	if err := dropAutoimports(fset, f, dropped); err != nil {
		return nil, err
	}

	cc := &cellsCase{file: file, src: src}
	var decls caseCell
	for l := 1; l <= len(lines); l++ {
		if !dropped[l] {
			decls.lines = append(decls.lines, l)
			decls.deindent = append(decls.deindent, 0)
		}
	}
	cc.addCell(decls, lines)

	// Lines that begin inside a raw string keep their tab: it is part of the string.
	inRaw := map[int]bool{}
	ast.Inspect(mainDecl.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.HasPrefix(lit.Value, "`") {
			for l := fset.Position(lit.Pos()).Line + 1; l <= fset.Position(lit.End()).Line; l++ {
				inRaw[l] = true
			}
		}
		return true
	})
	cur := caseCell{}
	for l := lbrace.Line + 1; l < rbrace.Line; l++ {
		if strings.TrimSpace(text(l)) == cellMarker && !inRaw[l] {
			cc.addCell(cur, lines)
			cur = caseCell{}
			continue
		}
		d := 0
		if strings.HasPrefix(text(l), "\t") && !inRaw[l] {
			d = 1
		}
		cur.lines = append(cur.lines, l)
		cur.deindent = append(cur.deindent, d)
	}
	cc.addCell(cur, lines)

	for i := range cc.cells {
		if err := cc.markShow(i); err != nil {
			return nil, err
		}
	}
	return cc, nil
}

// dropAutoimports adds to dropped the lines of import specs marked // autoimport.
func dropAutoimports(fset *token.FileSet, f *ast.File, dropped map[int]bool) error {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		perLine := map[int]int{}
		for _, s := range gd.Specs {
			perLine[fset.Position(s.Pos()).Line]++
		}
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			if spec.Comment == nil || strings.TrimSpace(spec.Comment.Text()) != autoimportMarker {
				continue
			}
			line := fset.Position(spec.Pos()).Line
			if perLine[line] > 1 || (gd.Lparen.IsValid() && fset.Position(gd.Lparen).Line == line) {
				return fmt.Errorf("line %d: an // autoimport spec must be alone on its line", line)
			}
			dropped[line] = true
		}
	}
	return nil
}

// addCell trims blank lines around c and appends it unless nothing is left.
func (cc *cellsCase) addCell(c caseCell, lines []string) {
	blank := func(i int) bool { return strings.TrimSpace(lines[c.lines[i]-1]) == "" }
	for len(c.lines) > 0 && blank(0) {
		c.lines, c.deindent = c.lines[1:], c.deindent[1:]
	}
	for len(c.lines) > 0 && blank(len(c.lines)-1) {
		c.lines, c.deindent = c.lines[:len(c.lines)-1], c.deindent[:len(c.lines)-1]
	}
	if len(c.lines) == 0 {
		return
	}
	var b strings.Builder
	for i, l := range c.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(lines[l-1][c.deindent[i]:])
	}
	c.code = b.String()
	cc.cells = append(cc.cells, c)
}

// markShow turns the cell's final `_show(ARGS)` line into `ARGS` and refuses _show
// anywhere else.
func (cc *cellsCase) markShow(ci int) error {
	c := &cc.cells[ci]
	cellLines := strings.Split(c.code, "\n")
	last := len(cellLines) - 1
	for last >= 0 {
		t := strings.TrimSpace(cellLines[last])
		if t != "" && !strings.HasPrefix(t, "//") {
			break
		}
		last--
	}
	for i, l := range cellLines {
		if !strings.Contains(l, showCall) {
			continue
		}
		trimmed := strings.TrimLeft(l, " \t")
		if i != last || !strings.HasPrefix(trimmed, showCall) {
			return fmt.Errorf("line %d: _show must start the last statement of a cell", c.lines[i])
		}
		call, ok := parseShow(trimmed)
		if !ok {
			return fmt.Errorf("line %d: want `_show(EXPR, ...)` alone on the line", c.lines[i])
		}
		indent := l[:len(l)-len(trimmed)]
		cellLines[i] = indent + call
		c.showLine = i + 1
		c.showCol = c.deindent[i] + len(indent) + 1
	}
	c.code = strings.Join(cellLines, "\n")
	return nil
}

// parseShow returns the argument text of a line that is exactly one _show call.
func parseShow(line string) (string, bool) {
	e, err := parser.ParseExpr(line)
	if err != nil {
		return "", false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Ellipsis.IsValid() {
		return "", false
	}
	if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "_show" {
		return "", false
	}
	// ParseExpr positions start at 1.
	return strings.TrimSpace(line[call.Lparen : call.Rparen-1]), true
}

// programRun is what building and running a case program gave.
type programRun struct {
	// buildErr is set when the program did not build: its first error that cells
	// would report too.
	buildErr *compilerError
	stdout   string
	// stderr is the program's stderr without the panic report.
	stderr string
	panic  *programPanic
}

type compilerError struct {
	line, col int
	msg       string
}

// programPanic is the panic that ended a program.
type programPanic struct {
	msg string // the value as printed after "panic: ", for the panic that ended it
	// frames are the panicking goroutine's frames in main.go, innermost first.
	frames []programFrame
}

type programFrame struct {
	fn   string
	line int
}

var (
	compilerErrorLine = regexp.MustCompile(`^\./main\.go:(\d+):(\d+): (.*)$`)
	frameFileLine     = regexp.MustCompile(`^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?$`)
	panicSuffix       = regexp.MustCompile(` \[recovered(?:, repanicked)?\]$`)
	unusedErrors      = regexp.MustCompile(`^(declared and not used|"[^"]*" imported and not used|"[^"]*" imported as \w+ and not used)`)
)

// runCaseProgram builds the case with showSource beside it and runs it.
func runCaseProgram(t *testing.T, goTool string, cc *cellsCase) programRun {
	t.Helper()
	dir := t.TempDir()
	for name, src := range map[string]string{"main.go": cc.src, "show.go": showSource} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), programTimeout)
	defer cancel()
	env := append(os.Environ(), "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOFLAGS=", "GO111MODULE=on")
	var buildOut bytes.Buffer
	build := exec.CommandContext(ctx, goTool, "build", "-o", "prog", "main.go", "show.go")
	build.Dir, build.Env, build.Stdout, build.Stderr = dir, env, &buildOut, &buildOut
	if err := build.Run(); err != nil {
		for _, l := range strings.Split(buildOut.String(), "\n") {
			m := compilerErrorLine.FindStringSubmatch(l)
			if m == nil || unusedErrors.MatchString(m[3]) {
				continue
			}
			line, _ := strconv.Atoi(m[1])
			col, _ := strconv.Atoi(m[2])
			return programRun{buildErr: &compilerError{line, col, m[3]}}
		}
		t.Fatalf("harness: %s does not build, and with no error cells would report (only unused names?):\n%s", cc.file, buildOut.String())
	}
	var stdout, stderr bytes.Buffer
	run := exec.CommandContext(ctx, filepath.Join(dir, "prog"))
	run.Dir, run.Stdin, run.Stdout, run.Stderr = dir, strings.NewReader(""), &stdout, &stderr
	err := run.Run()
	r := programRun{stdout: stdout.String(), stderr: stderr.String()}
	if err == nil {
		return r
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("harness: %s: %v (stderr %q): a case must end normally or by a panic", cc.file, err, stderr.String())
	}
	r.stderr, r.panic = splitPanicReport(stderr.String())
	if r.panic == nil {
		t.Fatalf("harness: %s exited with status 2 without a panic report:\n%s", cc.file, stderr.String())
	}
	return r
}

// splitPanicReport separates a crashed program's own stderr from the runtime's panic
// report, and reads the report.
func splitPanicReport(stderr string) (string, *programPanic) {
	start := -1
	for off := 0; off < len(stderr); {
		if strings.HasPrefix(stderr[off:], "panic: ") && strings.Contains(stderr[off:], "\ngoroutine ") {
			start = off
			break
		}
		nl := strings.IndexByte(stderr[off:], '\n')
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if start < 0 {
		return stderr, nil
	}
	own, report := stderr[:start], stderr[start:]
	p := &programPanic{}
	lines := strings.Split(report, "\n")
	// The chain of panics, outermost first; a message's own newlines are followed by a tab.
	i := 0
	for ; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(l, "panic: "), strings.HasPrefix(l, "\tpanic: "):
			p.msg = panicSuffix.ReplaceAllString(strings.TrimPrefix(strings.TrimPrefix(l, "\t"), "panic: "), "")
			continue
		case strings.HasPrefix(l, "\t"):
			p.msg += "\n" + l[1:]
			continue
		}
		break
	}
	// The panicking goroutine's dump comes first: "fn(args)" lines each followed by
	// "\tfile:line +0xoff".
	for ; i < len(lines) && !strings.HasPrefix(lines[i], "goroutine "); i++ {
	}
	for i++; i+1 < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "created by "); i += 2 {
		m := frameFileLine.FindStringSubmatch(lines[i+1])
		if m == nil {
			break
		}
		if filepath.Base(m[1]) != "main.go" {
			continue
		}
		fn := lines[i]
		if j := strings.LastIndexByte(fn, '('); j > 0 {
			fn = fn[:j]
		}
		line, _ := strconv.Atoi(m[2])
		p.frames = append(p.frames, programFrame{fn: fn, line: line})
	}
	return own, p
}

// cellsRun is what running a case's cells gave. The cells run in a child process
// (see runCaseCells), which sends it back as JSON.
type cellsRun struct {
	Stdout, Stderr string `json:"-"`
	// StdoutStart[i] and StderrStart[i] are where cell i's output begins.
	StdoutStart, StderrStart []int
	// StdoutLen and StderrLen are where the cells' output ends (the test framework of
	// the child writes after it).
	StdoutLen, StderrLen int
	Ran                  int        // cells run, the failing one included
	Err                  *CellError `json:",omitempty"`
	// OtherErr is a failure that is no *CellError (an interrupt after cellTimeout).
	OtherErr string `json:",omitempty"`
	// Crash, set by the parent, says how the child process died in cell Ran-1.
	Crash string `json:"-"`
}

func (r cellsRun) failed() bool { return r.Err != nil || r.OtherErr != "" || r.Crash != "" }

func (r cellsRun) failure() string {
	switch {
	case r.Crash != "":
		return "the process running the cells died: " + r.Crash
	case r.OtherErr != "":
		return r.OtherErr
	case r.Err != nil:
		return describeError(r.Err)
	}
	return "no failure"
}

// Environment of the child process that runs one case's cells: the case file and the
// directory for its progress and report files.
const (
	cellsCaseEnv = "GOKERNEL_TEST_CELLS_CASE"
	cellsDirEnv  = "GOKERNEL_TEST_CELLS_DIR"
)

// runCaseCells runs the cells of a case in a fresh session in a child process, this
// test binary again (see TestCells), as the kernel runs them in a worker process: a
// cell can panic in a goroutine, which ends the process it runs in, and the other
// cases must survive it. Like the worker's, the session's stdout and stderr are the
// process's own, here files: os.Stderr and println land in them as in the kernel,
// and what was written before a crash is kept.
func runCaseCells(t *testing.T, cc *cellsCase) cellsRun {
	t.Helper()
	dir := t.TempDir()
	create := func(name string) *os.File {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(len(cc.cells)+1)*cellTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCells$", "-test.timeout=0")
	cmd.Env = append(os.Environ(), cellsCaseEnv+"="+cc.file, cellsDirEnv+"="+dir)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(""), create("stdout"), create("stderr")
	runErr := cmd.Run()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	stdout, stderr := read("stdout"), read("stderr")

	var r cellsRun
	if report, err := os.ReadFile(filepath.Join(dir, "report.json")); err == nil {
		if err := json.Unmarshal(report, &r); err != nil {
			t.Fatalf("harness: read the cells' report: %v", err)
		}
		if r.Ran == 0 {
			t.Fatalf("harness: the process for the cells: %s", r.OtherErr)
		}
		r.Stdout, r.Stderr = stdout[:r.StdoutLen], stderr[:r.StderrLen]
		return r
	}
	// The child died. Each line of the progress file is a cell it started, with where
	// that cell's output began.
	for _, l := range strings.Split(strings.TrimSpace(read("progress")), "\n") {
		var ci, out, errOut int
		if _, err := fmt.Sscan(l, &ci, &out, &errOut); err == nil {
			r.Ran = ci + 1
			r.StdoutStart, r.StderrStart = append(r.StdoutStart, out), append(r.StderrStart, errOut)
		}
	}
	if r.Ran == 0 {
		t.Fatalf("harness: the process for the cells died before the first cell: %v\nstdout:\n%s\nstderr:\n%s", runErr, stdout, stderr)
	}
	// The runtime's report ends the cell's stderr.
	own := stderr[r.StderrStart[r.Ran-1]:]
	report := own
	for _, start := range []string{"panic: ", "fatal error: "} {
		if i := strings.Index(own, start); i >= 0 && (i == 0 || own[i-1] == '\n') {
			own, report = own[:i], own[i:]
			break
		}
	}
	r.Stdout, r.Stderr = stdout, stderr[:r.StderrStart[r.Ran-1]]+own
	r.Crash = fmt.Sprintf("%v; stderr:\n%s", runErr, firstLines(report, 12))
	return r
}

func firstLines(s string, n int) string {
	lines := strings.SplitAfterN(s, "\n", n+1)
	if len(lines) > n {
		lines[n] = "...\n"
	}
	return "\t" + strings.Join(lines, "\t")
}

// cellsChild is the child process's side of runCaseCells: it writes report.json.
func cellsChild(t *testing.T, file, dir string) {
	var r cellsRun
	defer func() {
		report, err := json.Marshal(r)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, "report.json"), report, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}()
	size := func(f *os.File) int {
		fi, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		return int(fi.Size())
	}
	src, err := os.ReadFile(file)
	if err != nil {
		r.OtherErr = err.Error()
		return
	}
	cc, err := splitCase(file, string(src))
	if err != nil {
		r.OtherErr = err.Error()
		return
	}
	progress, err := os.Create(filepath.Join(dir, "progress"))
	if err != nil {
		r.OtherErr = err.Error()
		return
	}
	defer progress.Close()
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		r.OtherErr = err.Error()
		return
	}
	for ci, c := range cc.cells {
		out, errOut := size(os.Stdout), size(os.Stderr)
		r.StdoutStart, r.StderrStart = append(r.StdoutStart, out), append(r.StderrStart, errOut)
		r.Ran++
		fmt.Fprintln(progress, ci, out, errOut)
		ctx, cancel := context.WithTimeout(context.Background(), cellTimeout)
		res, err := s.Execute(ctx, c.code)
		cancel()
		if err != nil {
			if !errors.As(err, &r.Err) {
				r.OtherErr = err.Error()
			}
			break
		}
		if c.shows() {
			fmt.Fprintln(os.Stdout, formatValues(res.Values))
		}
	}
	r.StdoutLen, r.StderrLen = size(os.Stdout), size(os.Stderr)
}

// raceUnjudged are the cases whose cells race inside yaegi v0.16.1 itself, which the
// race detector reports into the cells' stderr: a call of a function literal writes
// the literal's frame slot back when it returns (getFunc, interp/run.go), so goroutines
// started from a literal in a loop write it while the loop reads it (docs/fidelity.md).
// They run, and are compared, without -race.
var raceUnjudged = map[string]string{
	"loopvar_goroutines.go": "yaegi's goroutines write their function literal's slot back as the loop reads it",
}

func TestCells(t *testing.T) {
	if file := os.Getenv(cellsCaseEnv); file != "" {
		cellsChild(t, file, os.Getenv(cellsDirEnv))
		return
	}
	// go test puts its own GOROOT/bin first on PATH, so this is the toolchain that
	// built the interpreter under test.
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build the case programs with: %v", err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "cells", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/cells: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".go"), func(t *testing.T) {
			if why, ok := raceUnjudged[filepath.Base(file)]; ok && raceEnabled {
				t.Skip(why)
			}
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			cc, err := splitCase(file, string(src))
			if err != nil {
				t.Fatalf("harness: %s: %v", file, err)
			}
			want := runCaseProgram(t, goTool, cc)
			got := runCaseCells(t, cc)
			compareRuns(t, cc, want, got)
		})
	}
}

// reporter is what the comparison reports to: the test itself, or a record of the
// disagreements of a case known to fail (see spec_test.go).
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// compareRuns reports every way the cells disagreed with the program.
func compareRuns(t reporter, cc *cellsCase, want programRun, got cellsRun) {
	t.Helper()
	// failAt is the cell that must fail, or -1.
	failAt := -1
	var check func(ce *CellError)
	switch {
	case want.buildErr != nil:
		e := want.buildErr
		pos, ok := cc.locate(e.line, e.col)
		if !ok {
			t.Fatalf("harness: compile error at main.go:%d:%d, a line no cell holds: %s", e.line, e.col, e.msg)
		}
		failAt = pos.cell
		// A position inside the message (goto L jumps over declaration of v at
		// ./main.go:10:4) is the cell's line and column too.
		msg := buildPosition.ReplaceAllStringFunc(e.msg, func(m string) string {
			sub := buildPosition.FindStringSubmatch(m)
			l, _ := strconv.Atoi(sub[1])
			c, _ := strconv.Atoi(sub[2])
			if p, ok := cc.locate(l, c); ok {
				return fmt.Sprintf("line %d:%d", p.line, p.col)
			}
			return m
		})
		wantValue := fmt.Sprintf("line %d:%d: %s", pos.line, pos.col, msg)
		check = func(ce *CellError) {
			if ce.Name != "CompileError" || ce.Value != wantValue {
				t.Errorf("cell %d fails with\n\t%s: %s\nwant (go build: ./main.go:%d:%d)\n\tCompileError: %s\n%s",
					failAt, ce.Name, ce.Value, e.line, e.col, wantValue, describeCell(cc, failAt))
			}
		}
	case want.panic != nil:
		failAt, check = expectPanic(t, cc, want.panic)
	}

	for ci := 0; ci < got.Ran; ci++ {
		failed := ci == got.Ran-1 && got.failed()
		switch {
		case ci == failAt && !failed:
			t.Errorf("cell %d succeeds, want it to fail like the program (%s)\n%s", ci, want.outcome(), describeCell(cc, ci))
		case ci == failAt && got.Err != nil:
			check(got.Err)
		case failed:
			expected := "want it to succeed, like the program"
			if ci == failAt {
				expected = "want a *CellError, like the program's"
			}
			t.Errorf("cell %d fails with\n\t%s\n%s (%s)\n%s", ci, got.failure(), expected, want.outcome(), describeCell(cc, ci))
		}
	}
	if want.buildErr != nil {
		return // the program never ran: no output to compare
	}
	if stoppedAt := got.Ran - 1; !got.failed() && failAt >= 0 || got.failed() && stoppedAt != failAt {
		return // the cells stopped elsewhere, reported above; their output would only add noise
	}
	compareOutput(t, cc, "stdout", want.stdout, got.Stdout, got.StdoutStart)
	compareOutput(t, cc, "stderr", want.stderr, got.Stderr, got.StderrStart)
}

func (r programRun) outcome() string {
	switch {
	case r.buildErr != nil:
		return fmt.Sprintf("./main.go:%d:%d: %s", r.buildErr.line, r.buildErr.col, r.buildErr.msg)
	case r.panic != nil:
		return "panic: " + r.panic.msg
	}
	return "runs to the end"
}

// plainRuntimeErrors are the runtime.Error messages Go prints without "runtime error: ":
// the runtime's plainError values and failed type assertions (*runtime.TypeAssertionError).
var plainRuntimeErrors = []string{
	"assignment to entry in nil map",
	"send on closed channel",
	"close of nil channel",
	"close of closed channel",
	"makechan: size out of range",
	"interface conversion: ",
}

func isPlainRuntimeError(msg string) bool {
	for _, e := range plainRuntimeErrors {
		if strings.HasPrefix(msg, e) {
			return true
		}
	}
	return false
}

// addressPanic matches how Go prints a panic value of a non-basic type without an
// Error or String method: its type and an address.
var addressPanic = regexp.MustCompile(`^\((.*)\) 0x[0-9a-f]+$`)

// interpretedFrame matches a traceback line of panicError: "  fn at line N:C", or "at
// line N" when only the line is known (the harness compares lines).
var interpretedFrame = regexp.MustCompile(`^\s+(.*) at line (-?\d+)(?::(\d+))?$`)

// expectPanic returns the cell that must fail for the program's panic and the check
// of its error.
func expectPanic(t reporter, cc *cellsCase, p *programPanic) (int, func(*CellError)) {
	t.Helper()
	if len(p.frames) == 0 {
		t.Fatalf("harness: the panic report (%q) has no frame in main.go", p.msg)
	}
	innermost := p.frames[0]
	inner, ok := cc.locate(innermost.line, 0)
	if !ok {
		t.Fatalf("harness: panic at main.go:%d, a line no cell holds", innermost.line)
	}
	outer, mainLine := inner, 0
	mainFrame := innermost.fn == "main.main"
	for _, f := range p.frames {
		if f.fn == "main.main" {
			mainLine = f.line
			if outer, ok = cc.locate(f.line, 0); !ok {
				t.Fatalf("harness: main's frame at main.go:%d, a line no cell holds", f.line)
			}
		}
	}
	if mainLine == 0 {
		t.Fatalf("harness: the program panicked outside main's goroutine (%s at main.go:%d); cases cannot compare that", innermost.fn, innermost.line)
	}
	failAt := outer.cell
	name, value := "panic", p.msg
	if after, ok := strings.CutPrefix(value, "runtime error: "); ok {
		name, value = "runtime error", after
	} else if isPlainRuntimeError(value) {
		name = "runtime error"
	}
	return failAt, func(ce *CellError) {
		valueOK := ce.Value == value
		if m := addressPanic.FindStringSubmatch(value); m != nil {
			// The address differs from run to run; the type must match.
			gm := addressPanic.FindStringSubmatch(ce.Value)
			valueOK = gm != nil && gm[1] == m[1]
		}
		if ce.Name != name || !valueOK {
			t.Errorf("cell %d fails with\n\t%s: %s\nwant (the program: panic: %s)\n\t%s: %s\n%s",
				failAt, ce.Name, ce.Value, p.msg, name, value, describeCell(cc, failAt))
		}
		var frames []cellPos
		for _, l := range ce.Traceback {
			if m := interpretedFrame.FindStringSubmatch(withoutANSI(l)); m != nil {
				line, _ := strconv.Atoi(m[2])
				frames = append(frames, cellPos{line: line})
			}
		}
		where := func(pos cellPos) string {
			return fmt.Sprintf("cell %d line %d: %s", pos.cell, pos.line, cellLine(cc, pos))
		}
		if len(frames) == 0 {
			t.Errorf("cell %d: the traceback names no line, want %s\n%s", failAt, where(inner), describeError(ce))
			return
		}
		if frames[0].line != inner.line {
			t.Errorf("cell %d: innermost frame at line %d, want %s (main.go:%d, %s)\n%s\n%s",
				failAt, frames[0].line, where(inner), innermost.line, innermost.fn, describeError(ce), describeCell(cc, inner.cell))
		}
		if !mainFrame && frames[len(frames)-1].line != outer.line {
			t.Errorf("cell %d: outermost frame at line %d, want the cell's own %s (main.go:%d)\n%s",
				failAt, frames[len(frames)-1].line, where(outer), mainLine, describeError(ce))
		}
	}
}

// compareOutput compares one stream and names the cell where it first diverges.
func compareOutput(t reporter, cc *cellsCase, stream, want, got string, starts []int) {
	t.Helper()
	if want == got {
		return
	}
	at := 0
	for at < len(want) && at < len(got) && want[at] == got[at] {
		at++
	}
	cell := 0
	for i, s := range starts {
		if s <= at {
			cell = i
		}
	}
	from := starts[cell]
	t.Errorf("%s diverges in cell %d\n%s\nthe cell's %s, from where it starts:\n\twant %q\n\tgot  %q\nwhole %s:\n--- want\n%s--- got\n%s---",
		stream, cell, describeCell(cc, cell), stream, tailFrom(want, from), tailFrom(got, from), stream, want, got)
}

func tailFrom(s string, from int) string {
	if from > len(s) {
		return ""
	}
	return s[from:]
}

// describeCell renders a cell with line numbers and the program lines they came from.
func describeCell(cc *cellsCase, ci int) string {
	if ci < 0 || ci >= len(cc.cells) {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cell %d (%s):\n", ci, filepath.Base(cc.file))
	for i, l := range strings.Split(cc.cells[ci].code, "\n") {
		fmt.Fprintf(&b, "\t%3d | %s\t(main.go:%d)\n", i+1, l, cc.cells[ci].lines[i])
	}
	return b.String()
}

func cellLine(cc *cellsCase, p cellPos) string {
	lines := strings.Split(cc.cells[p.cell].code, "\n")
	if p.line < 1 || p.line > len(lines) {
		return "?"
	}
	return strings.TrimSpace(lines[p.line-1])
}

func describeError(err error) string {
	var ce *CellError
	if !errors.As(err, &ce) {
		return err.Error()
	}
	return withoutANSI(strings.Join(ce.Traceback, "\n\t"))
}

var ansiEscape = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func withoutANSI(s string) string { return ansiEscape.ReplaceAllString(s, "") }

// TestCellsSplitCase checks how the harness cuts a program into cells and maps
// positions back.
func TestCellsSplitCase(t *testing.T) {
	src := "// header\npackage main\n\nimport (\n\t\"fmt\"\n\t\"strings\" // autoimport\n)\n\nfunc f() int { return 1 }\n\nfunc main() {\n\tx := f()\n\t//cell\n\n\tfmt.Println(x)\n\t_show(strings.ToUpper(\"a\"), x)\n}\n"
	cc, err := splitCase("split.go", src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"// header\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() int { return 1 }",
		"x := f()",
		"fmt.Println(x)\nstrings.ToUpper(\"a\"), x",
	}
	if len(cc.cells) != len(want) {
		t.Fatalf("%d cells, want %d: %+v", len(cc.cells), len(want), cc.cells)
	}
	for i, w := range want {
		if cc.cells[i].code != w {
			t.Errorf("cell %d:\n%q\nwant\n%q", i, cc.cells[i].code, w)
		}
	}
	if !cc.cells[2].shows() || cc.cells[1].shows() {
		t.Errorf("shows: %v %v, want false true", cc.cells[1].shows(), cc.cells[2].shows())
	}
	for _, c := range []struct {
		line, col int
		want      cellPos
	}{
		{9, 6, cellPos{0, 7, 6}},  // f in cell 0, unshifted
		{12, 7, cellPos{1, 1, 6}}, // f() after the removed tab
		{15, 14, cellPos{2, 1, 13}},
		{16, 8, cellPos{2, 2, 1}},   // strings, after "\t_show("
		{16, 30, cellPos{2, 2, 23}}, // x
	} {
		got, ok := cc.locate(c.line, c.col)
		if !ok || got != c.want {
			t.Errorf("locate(%d, %d) = %+v %v, want %+v", c.line, c.col, got, ok, c.want)
		}
	}
	for _, bad := range []string{
		"package main\n\nfunc main() {\n\t_show(1)\n\tx := 2\n}\n", // _show not last
		"package main\n\nfunc main() { println() }\n",              // main on one line
		"package main\n\nimport (\"fmt\"; \"os\" // autoimport\n)\n\nfunc main() {\n\tfmt.Println(os.Args)\n}\n",
	} {
		if _, err := splitCase("bad.go", bad); err == nil {
			t.Errorf("splitCase accepted\n%s", bad)
		}
	}
}

// TestCellsPanicReport checks the reading of a compiled program's panic report.
func TestCellsPanicReport(t *testing.T) {
	stderr := "own output\npanic: first [recovered]\n\tpanic: line one\n\tline two\n\ngoroutine 1 [running]:\n" +
		"main.inner(...)\n\t/tmp/x/main.go:7\nruntime.gopanic({0x1, 0x2})\n\t/usr/local/go/src/runtime/panic.go:860 +0x13a\n" +
		"main.main()\n\t/tmp/x/main.go:12 +0x1d\nexit status 2\n"
	own, p := splitPanicReport(stderr)
	if own != "own output\n" || p == nil {
		t.Fatalf("own %q, panic %v", own, p)
	}
	if p.msg != "line one\nline two" {
		t.Errorf("msg %q", p.msg)
	}
	want := []programFrame{{"main.inner", 7}, {"main.main", 12}}
	if fmt.Sprint(p.frames) != fmt.Sprint(want) {
		t.Errorf("frames %v, want %v", p.frames, want)
	}
	if _, p := splitPanicReport("no panic here\n"); p != nil {
		t.Errorf("found a panic in %q", "no panic here")
	}
}

// buildPosition is a position of main.go in a compiler's message.
var buildPosition = regexp.MustCompile(`\./main\.go:(\d+):(\d+)`)
