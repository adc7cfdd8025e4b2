package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// panicCase is a cell that panics, compared with `go run` of the same code.
type panicCase struct {
	name string
	// cell is either a whole program (it starts with "package main") or statements,
	// which the program runs as main's body, after imports.
	cell    string
	imports []string
	// dropped says Go's message has values in brackets the cell cannot know (the
	// failing expression is not at the cell's top level): the cell's Value is Go's
	// without them.
	dropped bool
	// ambiguous lists the frames (0 innermost) the cell may place on one of several
	// lines: the function calls its callee in several places. Go's line must be one.
	ambiguous []int
	// innermostOnly compares the innermost frame only: Go has frames the
	// interpreter does not report (a function running its deferred calls).
	innermostOnly bool
	// unknownOK allows frames without a line: the middle of a deep stack, of which the
	// interpreter's Go stack keeps the ends only.
	unknownOK bool
}

var panicCases = []panicCase{
	{name: "panic on line 3", imports: []string{"fmt", "os"},
		cell: "x := 1\nfmt.Println(x)\nfmt.Fprintln(os.Stderr, \"second\")\npanic(fmt.Sprintf(\"boom %d\", 3))\nfmt.Println(\"never\")"},
	{name: "index out of range", imports: []string{"fmt"},
		cell: "xs := []int{1, 2, 3}\ni := 10\nfmt.Println(len(xs))\nfmt.Println(xs[i])"},
	{name: "index with a deferred call", imports: []string{"fmt"},
		cell: "xs := []int{1, 2, 3}\ni := 4\ndefer func() { i = 0; fmt.Println(\"deferred\") }()\nfmt.Println(xs[i])"},
	{name: "negative index", imports: []string{"fmt"},
		cell: "xs := []int{1, 2, 3}\ni := -1\nfmt.Println(xs[i+0])"},
	{name: "string index", imports: []string{"fmt"},
		cell: "s := \"abc\"\ni := 7\nfmt.Println(s[i])"},
	{name: "index in a loop", imports: []string{"fmt"}, dropped: true,
		cell: "xs := []int{1, 2, 3}\nfor i := 0; i <= len(xs); i++ {\n\tfmt.Println(xs[i])\n}"},
	{name: "type assertion", imports: []string{"fmt"},
		cell: "var v any = \"s\"\nfmt.Println(\"asserting\")\nn := v.(int)\nfmt.Println(n)"},
	{name: "assertion of nil", imports: []string{"fmt"},
		cell: "var err error\nfmt.Println(err)\n_ = err.(interface{ Timeout() bool })"},
	{name: "nil map", imports: []string{"fmt"},
		cell: "var m map[string]int\nfmt.Println(len(m), m[\"a\"])\nm[\"b\"] = 2\nm[\"a\"] = 1"},
	{name: "divide by zero", imports: []string{"fmt"},
		cell: "a, b := 10, 0\nfmt.Println(a / 2)\nfmt.Println(a / b)"},
	{name: "nil pointer", imports: []string{"fmt"},
		cell: "type node struct {\n\tval  int\n\tnext *node\n}\nn := &node{val: 1}\nfmt.Println(n.val)\nfmt.Println(n.next.val)"},
	{name: "nil func", imports: []string{"fmt"},
		cell: "var fn func()\nfmt.Println(\"calling\")\nfn()"},
	{name: "slice beyond capacity", imports: []string{"fmt"},
		cell: "xs := []int{1, 2, 3}\nj := 5\nfmt.Println(xs[:j])"},
	{name: "slice low above high", imports: []string{"fmt"},
		cell: "xs := []int{1, 2, 3}\nj := 5\nfmt.Println(xs[j:])"},
	{name: "three-index slice", imports: []string{"fmt"},
		cell: "xs := make([]int, 2, 4)\nk := 6\nfmt.Println(xs[1:2:k])"},
	{name: "string slice", imports: []string{"fmt"},
		cell: "s := \"hello\"\nn := 9\nfmt.Println(s[2:n])"},
	{name: "conversion to array", imports: []string{"fmt"},
		cell: "xs := []int{1, 2, 3}\narr := [4]int(xs)\nfmt.Println(arr)"},
	{name: "closure called twice", imports: []string{"fmt"}, ambiguous: []int{1},
		cell: "f := func(n int) int {\n\tif n > 2 {\n\t\tpanic(fmt.Sprint(\"too big: \", n))\n\t}\n\treturn n\n}\nfmt.Println(f(1))\nfmt.Println(f(3))"},
	{name: "panic in a function", cell: `package main

import (
	"errors"
	"fmt"
)

var errEmpty = errors.New("empty input")

func first(xs []int) int {
	fmt.Println("looking at", len(xs), "values")
	if len(xs) == 0 {
		panic(fmt.Errorf("first: %w", errEmpty))
	}
	return xs[0]
}

func main() {
	var none []int
	v := first(none)
	fmt.Println(v)
}
`},
	{name: "index in a function", dropped: true, cell: `package main

import "fmt"

func at(xs []int, i int) int {
	n := len(xs)
	fmt.Println(n)
	return xs[i]
}

func middle(xs []int) int {
	return at(xs, len(xs)+1)
}

func main() {
	fmt.Println(middle([]int{1, 2, 3}))
}
`},
	{name: "method on a nil pointer", cell: `package main

import "fmt"

type counter struct{ n int }

func (c *counter) add() {
	fmt.Println("adding")
	c.n++
}

func main() {
	var c *counter
	c.add()
}
`},
	{name: "nested closures", cell: `package main

func run() {
	outer := func() {
		inner := func(k int) {
			panic(k)
		}
		inner(7)
	}
	outer()
}

func main() {
	run()
}
`},
	{name: "callback through compiled code", cell: `package main

import (
	"fmt"
	"sort"
)

func main() {
	xs := []int{3, 1, 2}
	sort.Slice(xs, func(i, j int) bool {
		if xs[i] == 2 {
			panic(fmt.Sprint("comparing ", xs[i]))
		}
		return xs[i] < xs[j]
	})
}
`},
	{name: "deep recursion", unknownOK: true, cell: `package main

func down(n int) int {
	if n == 0 {
		var m map[int]int
		m[n] = 1
	}
	return down(n-1) + 1
}

func main() {
	down(60)
}
`},
	{name: "panic in a deferred call", innermostOnly: true, cell: `package main

import "fmt"

func main() {
	defer func() {
		panic("in the deferred call")
	}()
	fmt.Println("body")
}
`},
}

// goPanic is what a Go program printed when it panicked.
type goPanic struct {
	msg    string
	frames []goFrame // main package frames, innermost first
}

type goFrame struct {
	fn   string
	line int
}

var (
	goFuncLine = regexp.MustCompile(`^(main\.\S*)\(.*\)$`)
	goFileLine = regexp.MustCompile(`^\t.*/main\.go:(\d+)`)
)

// parseGoPanic reads the runtime's report of a panic from a program's stderr.
func parseGoPanic(stderr string) (goPanic, bool) {
	var p goPanic
	lines := strings.Split(stderr, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") {
			start = i
			p.msg = strings.TrimPrefix(l, "panic: ")
			p.msg = regexp.MustCompile(` \[recovered(?:, repanicked)?\]$`).ReplaceAllString(p.msg, "")
			break
		}
	}
	if start < 0 {
		return p, false
	}
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		if strings.HasPrefix(l, "goroutine ") && len(p.frames) > 0 {
			break
		}
		if m := goFuncLine.FindStringSubmatch(l); m != nil && i+1 < len(lines) {
			if fl := goFileLine.FindStringSubmatch(lines[i+1]); fl != nil {
				line, _ := strconv.Atoi(fl[1])
				p.frames = append(p.frames, goFrame{m[1], line})
			}
		}
	}
	return p, true
}

// program returns the Go program of a case and how many lines it has above the
// cell's first.
func (c panicCase) program() (string, int) {
	if strings.HasPrefix(c.cell, "package main") {
		return c.cell, 0
	}
	var b strings.Builder
	b.WriteString("package main\n\n")
	for _, imp := range c.imports {
		fmt.Fprintf(&b, "import %q\n", imp)
	}
	b.WriteString("\nfunc main() {\n")
	offset := strings.Count(b.String(), "\n")
	b.WriteString(c.cell + "\n}\n")
	return b.String(), offset
}

// runGoPrograms builds the cases' programs with one go command and runs each.
func runGoPrograms(t *testing.T, cases []panicCase) []goPanic {
	t.Helper()
	//lint:ignore SA1019 the toolchain this test was built with is the one to compare with
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		t.Skipf("no go command: %v", err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module cases\n\ngo 1.26\n")
	for i, c := range cases {
		src, _ := c.program()
		write(fmt.Sprintf("c%d/main.go", i), src)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	env := append(os.Environ(), "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOFLAGS=", "GOWORK=off")
	build := exec.CommandContext(ctx, goTool, "build", "-o", filepath.Join(dir, "bin")+string(filepath.Separator), "./...")
	build.Dir, build.Env = dir, env
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	res := make([]goPanic, len(cases))
	for i, c := range cases {
		var stderr bytes.Buffer
		run := exec.CommandContext(ctx, filepath.Join(dir, "bin", fmt.Sprintf("c%d", i)))
		run.Stderr = &stderr
		err := run.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Fatalf("%s: the program did not panic: %v\n%s", c.name, err, stderr.String())
		}
		p, ok := parseGoPanic(stderr.String())
		if !ok {
			t.Fatalf("%s: no panic report:\n%s", c.name, stderr.String())
		}
		res[i] = p
	}
	return res
}

// cellFrame is one frame line of a cell error's traceback.
type cellFrame struct {
	fn    string
	line  int   // 0 when not one line
	lines []int // the lines it may be at
}

var (
	ansiSGR      = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	frameAtLine  = regexp.MustCompile(`^  (.*) at line (\d+)(?::(\d+))?$`)
	frameAtLines = regexp.MustCompile(`^  (.*) at one of lines ([\d, ]+)$`)
	frameUnknown = regexp.MustCompile(`^  (.*) \(line not known\)$`)
)

func cellFrames(ce *CellError) []cellFrame {
	var frames []cellFrame
	for _, l := range ce.Traceback {
		l = ansiSGR.ReplaceAllString(l, "")
		switch {
		case frameAtLine.MatchString(l):
			m := frameAtLine.FindStringSubmatch(l)
			n, _ := strconv.Atoi(m[2])
			frames = append(frames, cellFrame{fn: m[1], line: n})
		case frameAtLines.MatchString(l):
			m := frameAtLines.FindStringSubmatch(l)
			f := cellFrame{fn: m[1]}
			for _, s := range strings.Split(m[2], ", ") {
				n, _ := strconv.Atoi(s)
				f.lines = append(f.lines, n)
			}
			frames = append(frames, f)
		case frameUnknown.MatchString(l):
			frames = append(frames, cellFrame{fn: frameUnknown.FindStringSubmatch(l)[1]})
		}
	}
	return frames
}

// goValues matches the values Go's bounds messages have in brackets.
var goValues = regexp.MustCompile(` \[[^\]]*\](?: with (?:length|capacity) -?\d+)?`)

// expectedError is the CellError name and value that mean Go's panic message msg.
func expectedError(msg string, dropped bool) (string, string) {
	if dropped {
		msg = goValues.ReplaceAllString(msg, "")
	}
	if after, ok := strings.CutPrefix(msg, "runtime error: "); ok {
		return "runtime error", after
	}
	for _, p := range plainGoErrors {
		if strings.HasPrefix(msg, p) {
			return "runtime error", msg
		}
	}
	return "panic", msg
}

// TestPanicsLikeGo runs each case as a cell and as a Go program, and compares the
// panic: its name and message, and the lines of its frames in main's code.
func TestPanicsLikeGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Go programs")
	}
	gos := runGoPrograms(t, panicCases)
	for i, c := range panicCases {
		t.Run(c.name, func(t *testing.T) {
			g := gos[i]
			_, offset := c.program()
			s, _ := newTestSession(t)
			_, err := s.Execute(context.Background(), c.cell)
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a panic like Go's %q", err, g.msg)
			}
			report := strings.Join(ce.Traceback, "\n")
			wantName, wantValue := expectedError(g.msg, c.dropped)
			if ce.Name != wantName || ce.Value != wantValue {
				t.Errorf("got %s: %q\nwant %s: %q (go: panic: %s)\n%s", ce.Name, ce.Value, wantName, wantValue, g.msg, report)
			}
			if strings.Contains(ce.Value, "reflect") || positionPrefix.MatchString(ce.Value) {
				t.Errorf("value %q shows the interpreter", ce.Value)
			}
			got := cellFrames(ce)
			want := g.frames
			if c.innermostOnly {
				want, got = want[:1], got[:min(1, len(got))]
			}
			if len(got) != len(want) {
				t.Fatalf("frames %+v, want lines %+v (Go's minus %d)\n%s", got, want, offset, report)
			}
			for k := range want {
				wantLine := want[k].line - offset
				switch {
				case c.unknownOK && got[k].line == 0 && len(got[k].lines) == 0:
				case slicesContainsInt(c.ambiguous, k):
					if !slicesContainsInt(got[k].lines, wantLine) && got[k].line != wantLine {
						t.Errorf("frame %d (%s): lines %v, want one to be %d\n%s", k, want[k].fn, got[k].lines, wantLine, report)
					}
				case got[k].line != wantLine:
					t.Errorf("frame %d (%s): line %d (or %v), want %d\n%s", k, want[k].fn, got[k].line, got[k].lines, wantLine, report)
				}
			}
		})
	}
}

func slicesContainsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestPanicFrames checks what the traceback says of cases Go cannot compare: the
// column of the failing expression, frames in earlier cells, functions compiled again.
func TestPanicFrames(t *testing.T) {
	cases := []struct {
		name   string
		cells  []string // the last one panics
		frames []string // the traceback's frame lines, innermost first, without colours
	}{
		{"trailing expression", []string{"xs := []int{1}\ni := 3\nxs[i]"},
			[]string{"cell at line 3:1"}},
		{"trailing expression after others", []string{"xs := []int{1}\ni := 3\nlen(xs), xs[i]"},
			[]string{"cell at line 3:10"}},
		{"wrapped compound statement", []string{"m := map[string]int{}\nxs := []int{1}\nif v, ok := m[\"a\"]; !ok {\n\tfmt.Println(xs[v+5])\n}"},
			[]string{"cell at line 4:14"}},
		{"function of an earlier cell",
			[]string{"\nfunc half(n int) int {\n\tif n%2 != 0 {\n\t\tpanic(\"odd\")\n\t}\n\treturn n / 2\n}", "x := 3\ny := half(x)"},
			[]string{"main.half (in the cell that declared it) at line 4:3", "cell at line 2:6"}},
		{"function called twice", []string{"func half(n int) int {\n\tif n%2 != 0 {\n\t\tpanic(\"odd\")\n\t}\n\treturn n / 2\n}", "x := half(4)\ny := half(x + 1)"},
			[]string{"main.half (in the cell that declared it) at line 3:3", "cell at one of lines 1, 2"}},
		{"function compiled again",
			[]string{"\n\nfunc g() int { return 0 }\n\nfunc f() int {\n\tx := g()\n\tpanic(x)\n}", "func g() int { return 1 }", "f()"},
			[]string{"main.f (in the cell that declared it) (line not known)", "cell at line 1:1"}},
		{"method", []string{"type T struct{ n int }\n\nfunc (t T) Div(d int) int {\n\treturn t.n / d\n}", "T{4}.Div(2)\nT{4}.Div(0)"},
			[]string{"main.T.Div (in the cell that declared it) at line 4:13", "cell at line 2:1"}},
		{"goroutine-free literal at the top", []string{"func() {\n\tvar p *struct{ x int }\n\tp.x = 1\n}()"},
			[]string{"cell.func1 at line 3:2", "cell at line 1:1"}},
		{"panic recovered before", []string{"func safe() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"%v\", r)\n\t\t}\n\t}()\n\tpanic(\"inner\")\n}", "fmt.Println(safe())\npanic(\"outer\")"},
			[]string{"cell at line 2:1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _ := newTestSession(t)
			var err error
			for i, cell := range c.cells {
				_, err = s.Execute(context.Background(), cell)
				if i < len(c.cells)-1 && err != nil {
					t.Fatalf("cell %d: %v", i, err)
				}
			}
			var ce *CellError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a panic", err)
			}
			var frames []string
			for _, l := range ce.Traceback {
				l = ansiSGR.ReplaceAllString(l, "")
				if frameAtLine.MatchString(l) || frameAtLines.MatchString(l) || frameUnknown.MatchString(l) {
					frames = append(frames, strings.TrimSpace(l))
				}
			}
			if strings.Join(frames, "\n") != strings.Join(c.frames, "\n") {
				t.Errorf("frames\n\t%s\nwant\n\t%s\n%s", strings.Join(frames, "\n\t"), strings.Join(c.frames, "\n\t"),
					ansiSGR.ReplaceAllString(strings.Join(ce.Traceback, "\n"), ""))
			}
		})
	}
}

// TestPanicValuesNotGuessed checks that bounds values are left out where the
// expression's operands may have changed since it failed.
func TestPanicValuesNotGuessed(t *testing.T) {
	for _, code := range []string{
		// A call in the statement runs before the index is evaluated and changes it.
		"xs := []int{1, 2, 3}\ni := 1\nbump := func() int { i = 10; return 0 }\nfmt.Println(bump(), xs[i])",
		// The index is a loop's variable, gone after the panic.
		"xs := []int{1, 2, 3}\nfor k := range 5 {\n\t_ = xs[k]\n}",
	} {
		s, _ := newTestSession(t)
		_, err := s.Execute(context.Background(), code)
		var ce *CellError
		if !errors.As(err, &ce) {
			t.Fatalf("%q: got %v, want a panic", code, err)
		}
		if ce.Name != "runtime error" || ce.Value != "index out of range" {
			t.Errorf("%q: got %s: %s, want runtime error: index out of range (no values)", code, ce.Name, ce.Value)
		}
	}
}
