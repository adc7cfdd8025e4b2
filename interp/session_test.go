package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gokernel/gokernel/interp/prepare"
)

func newTestSession(t *testing.T) (*Session, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatal(err)
	}
	return s, &out
}

// expectValue runs code in s and checks the text of its trailing value.
func expectValue(t *testing.T, s *Session, code, want string) {
	t.Helper()
	res, err := s.Execute(context.Background(), code)
	if err != nil {
		t.Fatalf("%q: %v", code, err)
	}
	if got := formatValues(res.Values); got != want {
		t.Errorf("%q: %s, want %s", code, got, want)
	}
}

func show(vals []any) string {
	var parts []string
	for _, v := range vals {
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, " ")
}

func TestExecuteStatePersistsAndShowsTrailingValue(t *testing.T) {
	s, out := newTestSession(t)
	cells := []struct {
		code   string
		want   string // formatted trailing values
		stdout string
	}{
		{code: "import \"fmt\"\nfmt.Println(\"hi\")", stdout: "hi\n"},
		{code: "a := 20"},
		{code: "a + 22", want: "42"},
		{code: "func double(x int) int { return 2 * x }\ndouble(a)", want: "40"},
		{code: "func pair() (int, string) { return 1, \"x\" }\npair()", want: "1 x"},
		{code: "func nothing() {}\nnothing()"},
		{code: "b := 1; b++\nb", want: "2"},
		{code: "b, b * 10", want: "2 20"},
		{code: "import \"strings\"\nvar words = strings.Fields(\" a b  c \")\nlen(words)", want: "3"},
		{code: "type point struct{ X, Y int }\np := point{1, 2}\np.X + p.Y", want: "3"},
		{code: "func() { fmt.Println(\"lit\") }()", stdout: "lit\n"},
		{code: "// only a comment"},
		{code: "import \"fmt\"\nfmt.Print(\"again\")", stdout: "again"},
		{code: "import (\n\t\"fmt\"\n\t\"strings\"\n)\nstrings.Repeat(\"ab\", 2)", want: "abab"},
		{code: "import \"math/rand/v2\"\nrand.IntN(1)", want: "0"},
		{code: "start := time.Duration(5)\nimport \"time\"\nstart.Nanoseconds()", want: "5"},
	}
	for _, c := range cells {
		out.Reset()
		res, err := s.Execute(context.Background(), c.code)
		if err != nil {
			t.Fatalf("%q: %v", c.code, err)
		}
		var got []any
		for _, v := range res.Values {
			got = append(got, v.Interface())
		}
		if g := show(got); g != c.want {
			t.Errorf("%q: value %q, want %q", c.code, g, c.want)
		}
		if out.String() != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.code, out.String(), c.stdout)
		}
	}
}

func TestExecuteErrors(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct {
		code      string
		name      string
		wantValue string
	}{
		{"import \"fmt\"\nfmt.Println(undefinedName)", "CompileError", "line 2:13: undefined: undefinedName"},
		{"\n  var z int = \"s\"", "CompileError", "line 2:"},
		{"func f() {", "CompileError", "line 1:"},
		{"panic(\"boom\")", "panic", "boom"},
		{"var xs []int\n_ = xs[3]", "runtime error", "index out of range"},
	}
	for _, c := range cases {
		_, err := s.Execute(context.Background(), c.code)
		var ce *CellError
		if !errors.As(err, &ce) {
			t.Fatalf("%q: error %v is not a CellError", c.code, err)
		}
		if ce.Name != c.name || !strings.Contains(ce.Value, c.wantValue) {
			t.Errorf("%q: got %s %q, want %s containing %q", c.code, ce.Name, ce.Value, c.name, c.wantValue)
		}
	}
}

func TestExecuteInterruptKeepsState(t *testing.T) {
	s, _ := newTestSession(t)
	if _, err := s.Execute(context.Background(), "kept := 7"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := s.Execute(ctx, "for {}")
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("got %v, want ErrInterrupted", err)
	}
	res, err := s.Execute(context.Background(), "kept")
	if err != nil || len(res.Values) != 1 || res.Values[0].Interface() != 7 {
		t.Fatalf("state lost after interrupt: %v %v", res.Values, err)
	}
}

func TestErrorLinesAfterHoistedImport(t *testing.T) {
	s, _ := newTestSession(t)
	code := "type T struct{}\n\nfunc f() {\n\tstrings.NoSuchFunc()\n}\n\nimport \"strings\""
	_, err := s.Execute(context.Background(), code)
	var ce *CellError
	if !errors.As(err, &ce) || !strings.Contains(ce.Value, "line 4:") {
		t.Fatalf("got %v, want an error on line 4", err)
	}
}

func TestTrailingValueUsesCellMethods(t *testing.T) {
	s, _ := newTestSession(t)
	cells := []struct{ code, want string }{
		{"type Celsius float64\nfunc (c Celsius) String() string { return fmt.Sprintf(\"%.1f°C\", float64(c)) }\nCelsius(21.5)", "21.5°C"},
		{"type myErr struct{ code int }\nfunc (e *myErr) Error() string { return fmt.Sprint(\"failed with \", e.code) }\nvar err error = &myErr{7}\nerr", "failed with 7"},
		{"type plain struct{ A, B int }\nplain{1, 2}", "{1 2}"},
	}
	if _, err := s.Execute(context.Background(), "import \"fmt\""); err != nil {
		t.Fatal(err)
	}
	for _, c := range cells {
		res, err := s.Execute(context.Background(), c.code)
		if err != nil {
			t.Fatalf("%q: %v", c.code, err)
		}
		if got := formatValues(res.Values); got != c.want {
			t.Errorf("%q: shows %q, want %q", c.code, got, c.want)
		}
	}
}

func TestTrailingValueWithHTMLMethodRendersRichly(t *testing.T) {
	s, _ := newTestSession(t)
	code := "type card struct{ title string }\nfunc (c card) HTML() string { return \"<h3>\" + c.title + \"</h3>\" }\ncard{\"Go\"}"
	res, err := s.Execute(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	b := resultBundle(res.Values)
	if b.Data["text/html"] != "<h3>Go</h3>" {
		t.Errorf("bundle %v, want text/html <h3>Go</h3>", b.Data)
	}
	if _, ok := b.Data["text/plain"]; !ok {
		t.Error("no text/plain fallback")
	}
}

func TestAutoImport(t *testing.T) {
	s, out := newTestSession(t)
	cells := []struct{ code, want, stdout string }{
		{code: `fmt.Println(strings.ToUpper("go"))`, stdout: "GO\n"},
		{code: `math.Sqrt(16)`, want: "4"},
		{code: "func words(s string) []string { return strings.Fields(s) }\nlen(words(\"a b c\"))", want: "3"},
		{code: "r := rand.New(rand.NewSource(1))\nr != nil", want: "true"},
		{code: "m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nmat.Det(m)", want: "-2"},
		// A session variable named like a package is used as the variable.
		{code: "type box struct{ Sqrt int }\nvar sq = box{3}\nsq.Sqrt", want: "3"},
		// An explicit import wins over the rule: crypto/rand's Int takes a reader.
		{code: "import crand \"crypto/rand\"\nn, _ := crand.Int(crand.Reader, big.NewInt(10))\nn.Sign() >= 0", want: "true"},
	}
	for _, c := range cells {
		out.Reset()
		res, err := s.Execute(context.Background(), c.code)
		if err != nil {
			t.Fatalf("%q: %v", c.code, err)
		}
		if got := formatValues(res.Values); got != c.want {
			t.Errorf("%q: %q, want %q", c.code, got, c.want)
		}
		if out.String() != c.stdout {
			t.Errorf("%q: stdout %q, want %q", c.code, out.String(), c.stdout)
		}
	}
}

func TestRedefinedFunctionReachesItsCallers(t *testing.T) {
	s, _ := newTestSession(t)
	steps := []struct{ code, want string }{
		{"func f() int { return 1 }\nfunc g() int { return f() * 10 }\nfunc h() int { return g() + 1 }", ""},
		{"h()", "11"},
		{"func f() int { return 2 }", ""},
		{"f(), g(), h()", "2, 20, 21"},
	}
	for _, st := range steps {
		expectValue(t, s, st.code, st.want)
	}
}

func TestMagics(t *testing.T) {
	s, out := newTestSession(t)
	dir := t.TempDir()
	cases := []struct {
		code, stdout, errName string
		want                  string
	}{
		{code: "%help", stdout: "gokernel magics"},
		{code: "%env GOKERNEL_MAGIC_TEST=on\nos.Getenv(\"GOKERNEL_MAGIC_TEST\")", want: `"on"`},
		{code: "%env GOKERNEL_MAGIC_TEST", stdout: "on\n"},
		{code: "%cd " + dir + "\nwd, _ := os.Getwd()\nwd == " + strconv.Quote(dir), stdout: dir + "\n", want: "true"},
		{code: "!echo from the shell", stdout: "from the shell\n"},
		{code: "x := 2\n%time\ny := x * 21\ny", stdout: "Time: ", want: "42"},
		{code: "%nosuchmagic", errName: "MagicError"},
		{code: "!exit 3", errName: "MagicError"},
		// % as an operator is not a magic.
		{code: "17 %\n5", want: "2"},
		// A last line that is Go's not over names the session knows shows its value;
		// one that names something else is a command.
		{code: "done := false\n!done", want: "true"},
		{code: "!true || !false", want: "true"},
		{code: "!echo shell again", stdout: "shell again\n"},
		{code: "!echo first\nok := true\n!ok", stdout: "first\n", want: "false"},
	}
	for _, c := range cases {
		out.Reset()
		res, err := s.Execute(context.Background(), c.code)
		if c.errName != "" {
			var ce *CellError
			if !errors.As(err, &ce) || ce.Name != c.errName {
				t.Errorf("%q: error %v, want %s", c.code, err, c.errName)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", c.code, err)
		}
		if !strings.Contains(out.String(), c.stdout) {
			t.Errorf("%q: stdout %q, want it to contain %q", c.code, out.String(), c.stdout)
		}
		if got := formatValues(res.Values); got != c.want {
			t.Errorf("%q: value %q, want %q", c.code, got, c.want)
		}
	}
}

func TestBuiltinsMinMaxClear(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct{ code, want string }{
		{"min(3, 1, 2)", "1"},
		{"a, b := 5, 7\nmax(a, b)", "7"},
		{"xs := []int{1, 2, 3}\nmin(2, len(xs))", "2"},
		{"max(1.5, 2)", "2"},
		{`min("b", "a")`, `"a"`},
		{"m := map[string]int{\"a\": 1, \"b\": 2}\nclear(m)\nlen(m)", "0"},
		{"ys := []int{1, 2}\nclear(ys)\nys[0] + ys[1], len(ys)", "0, 2"},
	}
	for _, c := range cases {
		expectValue(t, s, c.code, c.want)
	}
}

func TestCompletion(t *testing.T) {
	s, _ := newTestSession(t)
	if _, err := s.Execute(context.Background(), "type point struct{ X, Y int; Label string }\np := point{1, 2, \"a\"}\nvar sb strings.Builder\ncount := 3"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code   string
		cursor int // -1: end of code
		want   []string
		start  int
	}{
		{"strings.Fie", -1, []string{"Fields", "FieldsFunc"}, 8},
		{"p.", -1, []string{"Label", "X", "Y"}, 2},
		{"p.La", -1, []string{"Label"}, 2},
		{"sb.Wr", -1, []string{"Write", "WriteByte", "WriteRune", "WriteString"}, 3},
		{"cou", -1, []string{"count"}, 0},
		// Before the cell has ever run: names it declares.
		{"total := 1\ntot", -1, []string{"total"}, 11},
		{"fmt.Prin + 1", 8, []string{"Print", "Printf", "Println"}, 4},
		{"retu", -1, []string{"return"}, 0},
		// Locals the cell declares but has not run.
		{"var b2 strings.Builder\nb2.Wri", -1, []string{"WriteString"}, 26},
		{"d := mat.NewDense(2, 2, nil)\nd.Dim", -1, []string{"Dims"}, 31},
		{"type row struct{ Name string; N int }\nfunc (r row) Label() string { return r.Name }\nr1 := row{\"a\", 1}\nr1.", -1, []string{"Name", "N", "Label"}, 105},
	}
	for _, c := range cases {
		cursor := c.cursor
		if cursor < 0 {
			cursor = len([]rune(c.code))
		}
		r := s.Complete(c.code, cursor)
		got := map[string]bool{}
		for _, m := range r.Matches {
			got[m] = true
		}
		for _, w := range c.want {
			if !got[w] {
				t.Errorf("%q: matches %v lack %q", c.code, r.Matches, w)
			}
		}
		if r.CursorStart != c.start || r.CursorEnd != cursor {
			t.Errorf("%q: replace %d..%d, want %d..%d", c.code, r.CursorStart, r.CursorEnd, c.start, cursor)
		}
		types, _ := r.Metadata["_jupyter_types_experimental"].([]map[string]any)
		if len(types) != len(r.Matches) {
			t.Errorf("%q: %d type entries for %d matches", c.code, len(types), len(r.Matches))
		}
	}
}

func TestInspect(t *testing.T) {
	s, _ := newTestSession(t)
	if _, err := s.Execute(context.Background(), "answer := 42\nvar sb strings.Builder\ndense := mat.NewDense(1, 1, nil)"); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ code, want string }{
		{"strings.Fields", "func Fields(s string) []string"},
		{"strings.Fields", "splits the string s around each instance"},
		{"answer", "var answer int"},
		{"answer", "42"},
		{"strings", "package strings"},
		{"mat.NewDense", "func NewDense(r, c int, data []float64) *Dense"},
		{"display.Table", "func Table(v any, opts ...TableOption)"},
		{"als.Fit", "func Fit("},
		{"sb.WriteString", "func (b *Builder) WriteString(s string) (int, error)"},
		{"dense.At", "func (m *Dense) At(i, j int) float64"},
	}
	for _, c := range cases {
		r := s.Inspect(c.code, len(c.code), 0)
		text, _ := r.Data["text/plain"].(string)
		if !r.Found || !strings.Contains(text, c.want) {
			t.Errorf("%q: found=%v %q, want it to contain %q", c.code, r.Found, text, c.want)
		}
	}
	if _, err := s.Execute(context.Background(), "// double doubles.\nfunc double(x int) int {\n\treturn 2 * x\n}"); err != nil {
		t.Fatal(err)
	}
	if r := s.Inspect("double", 3, 0); r.Data["text/plain"] != "func double(x int) int\n\ndouble doubles." {
		t.Errorf("detail 0: %q", r.Data["text/plain"])
	}
	if r := s.Inspect("double", 3, 1); !strings.Contains(r.Data["text/plain"].(string), "return 2 * x") {
		t.Errorf("detail 1: %q, want the source", r.Data["text/plain"])
	}
	if r := s.Inspect("nosuchname", 3, 0); r.Found {
		t.Error("found an undefined name")
	}
}

func TestGenericStandardLibrary(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct{ code, want string }{
		{"ys := []int{3, 1, 2}\nslices.Sort(ys)\nys", "[1 2 3]"},
		{"slices.Max([]float64{1, 5, 3}), slices.Min([]string{\"b\", \"a\"})", `5, "a"`},
		{"slices.Contains(ys, 2), slices.Index(ys, 3)", "true, 2"},
		{"slices.BinarySearch(ys, 2)", "1, true"},
		{"type rec struct{ name string; n int }\nrs := []rec{{\"x\", 3}, {\"y\", 1}, {\"z\", 2}}\nslices.SortFunc(rs, func(a, b rec) int { return cmp.Compare(a.n, b.n) })\nrs[0].name + rs[2].name", `"yx"`},
		{"m := map[string]int{\"b\": 2, \"a\": 1}\nslices.Sorted(maps.Keys(m))", "[a b]"},
		{"slices.Sorted(maps.Values(m))", "[1 2]"},
		{"slices.Reverse(ys)\nys", "[3 2 1]"},
		{"len(maps.Collect(maps.All(m)))", "2"},
		{"slices.Collect(slices.Values([]int{4, 5}))", "[4 5]"},
		{"cmp.Compare(1, 2)", "-1"},
	}
	for _, c := range cases {
		expectValue(t, s, c.code, c.want)
	}
}

func TestCompoundStatementsAtTopLevel(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct{ code, want string }{
		{"func two(n int) (int, int) { return n, n * 2 }\ntotal := 0\nfor u := 0; u < 3; u++ {\n\ta, b := two(u)\n\ttotal += a + b\n}\ntotal", "9"},
		{"m := map[string]int{\"a\": 1}\nfound := 0\nif v, ok := m[\"a\"]; ok {\n\tfound = v\n}\nfound", "1"},
		{"var x any = 3\nn := 0\nif i, ok := x.(int); ok {\n\tn = i\n}\nn", "3"},
		{"k := 0\nouter:\nfor i := 0; i < 3; i++ {\n\tfor j := 0; j < 3; j++ {\n\t\tif j == 1 {\n\t\t\tcontinue outer\n\t\t}\n\t\tk++\n\t}\n}\nk", "3"},
		{"switch q := 2; q {\ncase 2:\n\tk = 20\n}\nk", "20"},
	}
	for _, c := range cases {
		expectValue(t, s, c.code, c.want)
	}
	// An error on the first line of a wrapped statement keeps its column.
	_, err := s.Execute(context.Background(), "for i := 0; i < nope; i++ {\n\ta, b := two(i)\n\t_, _ = a, b\n}")
	var ce *CellError
	if !errors.As(err, &ce) || !strings.Contains(ce.Value, "line 1:17") {
		t.Errorf("got %v, want an error at line 1:17", err)
	}
	// A loop that appends to a session slice is left as it is.
	res, err := s.Execute(context.Background(), "var acc []int\nfor i := 0; i < 3; i++ {\n\tacc = append(acc, []int{i, i}...)\n}\nlen(acc)")
	if err != nil || formatValues(res.Values) != "6" {
		t.Errorf("append loop: %v %v", formatValues(res.Values), err)
	}
}

func TestMainRunsOnlyWhenCalled(t *testing.T) {
	s, out := newTestSession(t)
	if _, err := s.Execute(context.Background(), "func main() { fmt.Println(\"main ran\") }\nmain()"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Execute(context.Background(), "x := 1\n_ = x"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(out.String(), "main ran"); got != 1 {
		t.Errorf("main ran %d times, want once: %q", got, out.String())
	}
	// A pasted program runs its main once.
	out.Reset()
	prog := "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"program\")\n}\n"
	if _, err := s.Execute(context.Background(), prog); err != nil {
		t.Fatal(err)
	}
	if out.String() != "program\n" {
		t.Errorf("pasted program printed %q", out.String())
	}
	// Errors name main, not its alias.
	_, err := s.Execute(context.Background(), "func main() { undefinedThing() }")
	var ce *CellError
	if !errors.As(err, &ce) || strings.Contains(ce.Value+strings.Join(ce.Traceback, ""), prepare.MainAlias) {
		t.Errorf("error %v mentions %s", err, prepare.MainAlias)
	}
}

func TestPrintBuiltinsWriteToStderr(t *testing.T) {
	var stdout, stderr bytes.Buffer
	s, err := NewSession(Options{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Execute(context.Background(), "println(\"a\", 1, 1.5, true)\nprint(\"x\", 2)\nprint(-0.25, \"\\n\")\nprintln(float32(0.1), complex(1, -2), 1e21)"); err != nil {
		t.Fatal(err)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}
	if want := "a 1 1.5 true\nx2-0.25\n0.1 (1-2i) 1e+21\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

func TestUserTypeNamedLikePreludeTypeParameter(t *testing.T) {
	s, _ := newTestSession(t)
	expectValue(t, s, "type T int64\nfunc (t T) M() int64 { return int64(t) }\ntype I interface{ M() int64 }\nvar t0 = T(5)\nvar i I = t0\ni.M()", "5")
}

func TestTypeRedefinition(t *testing.T) {
	s, out := newTestSession(t)
	steps := []struct{ code, want string }{
		{"type Rec struct{ A int }\nr := Rec{1}\nfunc sum(x Rec) int { return x.A }", ""},
		{"type Rec struct{ A, B int }", ""},
		{"Rec{1, 2}.B", "2"},
		// The old value moved over field by field.
		{"r.A, r.B", "1, 0"},
		// A function taking Rec was compiled again against the new type.
		{"sum(Rec{5, 6})", "5"},
		// A method redefined without the type.
		{"type T struct{ N int }\nfunc (t T) Name() string { return \"old\" }\nfunc (t T) Twice() int { return 2 * t.N }\ntv := T{4}", ""},
		{"func (t T) Name() string { return \"new\" }", ""},
		{"T{}.Name(), tv.Name(), tv.Twice()", `"new", "new", 8`},
	}
	for _, st := range steps {
		res, err := s.Execute(context.Background(), st.code)
		if err != nil {
			t.Fatalf("%q: %v", st.code, err)
		}
		if got := formatValues(res.Values); got != st.want {
			t.Errorf("%q: %s, want %s", st.code, got, st.want)
		}
	}
	// A field whose type changed incompatibly is dropped with a notice.
	out.Reset()
	if _, err := s.Execute(context.Background(), "type Rec struct{ A string; B int }"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "dropped [A]") {
		t.Errorf("no notice of the dropped field: %q", out.String())
	}
	expectValue(t, s, "r.A, r.B", `"", 0`)
}

// TestInterpreterCrashIsARefusal: a program yaegi's compiler crashes on
// ($GOROOT/test/typeparam/issue47901.go: a generic channel type of its own instances)
// is reported as not supported, at its line, not as a panic of the cell.
func TestInterpreterCrashIsARefusal(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(filepath.Dir(goSource()), "test", "typeparam", "issue47901.go"))
	if err != nil {
		t.Skipf("the Go distribution's tests are not here: %v", err)
	}
	s, _ := newTestSession(t)
	code := strings.Replace(string(src), "package main", "", 1) + "\nmain()\n"
	_, err = s.Execute(context.Background(), code)
	var ce *CellError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a CellError", err)
	}
	if ce.Name != "NotSupported" || !strings.Contains(ce.Value, "not supported in cells") || !strings.HasPrefix(ce.Value, "line ") {
		t.Errorf("got %s: %s, want a NotSupported refusal with its line", ce.Name, ce.Value)
	}
}

func TestRangeOverInt(t *testing.T) {
	s, _ := newTestSession(t)
	cases := []struct{ code, want string }{
		{"n := 0\nfor i := range 5 {\n\tn += i\n}\nn", "10"},
		{"xs := []int{1, 2, 3}\nm := 0\nfor i := range len(xs) {\n\tm += xs[i]\n}\nm", "6"},
		{"k := 3\nc := 0\nfor range k {\n\tc++\n}\nc", "3"},
		// A session variable from an earlier cell, and n evaluated once.
		{"grow := []int{1}\nfor range len(grow) * 2 {\n\tgrow = append(grow, 0)\n}\nlen(grow)", "3"},
		{"func count(limit int) int {\n\tt := 0\n\tfor i := range limit {\n\t\tt += i\n\t}\n\treturn t\n}\ncount(4)", "6"},
		// Ranging over a slice is left alone.
		{"sum := 0\nfor _, v := range []int{4, 5} {\n\tsum += v\n}\nsum", "9"},
	}
	for _, c := range cases {
		expectValue(t, s, c.code, c.want)
	}
}
