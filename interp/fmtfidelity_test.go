package interp

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/display"
	"github.com/gokernel/gokernel/interp/prepare"
)

// fmtFidelityDecls are the declarations the fidelity cases share: a compiled program
// has them at the top level, a session runs them as its first cell.
const fmtFidelityDecls = `import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"
)

type Genre int

const (
	Rock Genre = iota
	Jazz
)

func (g Genre) String() string { return [...]string{"Rock", "Jazz"}[g] }

func favourite() Genre { return Jazz }

type R struct {
	Name   string ` + "`json:\"name\" xml:\"name\"`" + `
	note   string
	secret string ` + "`json:\"secret\"`" + `
}

type Xreal struct {
	Xnote string
	other string
}

// RX has its own element name: yaegi's struct types have none for xml to use.
type RX struct {
	XMLName xml.Name ` + "`xml:\"r\"`" + `
	Name    string   ` + "`xml:\"name\"`" + `
	note    string
	secret  string ` + "`xml:\"secret\"`" + `
}

type Song struct {
	Title string
	G     Genre
	g     Genre
}

type Album struct {
	Name  string
	Songs []Song
	best  *Song
}

type P struct{ X, Y int }

func (p *P) String() string { return fmt.Sprintf("P(%d,%d)", p.X, p.Y) }

type E struct{ msg string }

func (e E) Error() string { return "E:" + e.msg }

type Color string

func (c Color) String() string { return "color " + string(c) }

type Hex int

func (h Hex) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "hex<%c:%x>", verb, int(h)) }

type V struct{ A, B int }

func (v V) String() string { return "V!" }

type L []int

func (l L) String() string { return fmt.Sprint("L", len(l)) }

type Tree struct {
	G    Genre
	Kids []Tree
}

type Bad int

func (Bad) String() string { panic("boom") }

type Boxed struct{ V any }

type inner struct{ A int }

type Outer struct {
	inner
	B int
}

type B byte

func (b B) String() string { return "b" }

type Timed struct {
	D time.Duration
	d time.Duration
}

var _ = errors.New
var _ = strings.ToUpper
var _ = json.Marshal
var _ = xml.Marshal
`

// fmtFidelityCases are statements whose output must be what a compiled program
// prints. Each runs as a cell of its own in the session, and in a function of its
// own in the program.
var fmtFidelityCases = []struct{ name, code string }{
	// Item 6: unexported fields.
	{"json skips unexported fields", `b1, _ := json.Marshal(R{"Nas", "x", "s"}); fmt.Println(string(b1))`},
	{"xml skips unexported fields", `b2, _ := xml.Marshal(RX{Name: "Nas", note: "x", secret: "s"}); fmt.Println(string(b2))`},
	{"%+v names fields as declared", `fmt.Printf("%+v|%v|%+v\n", R{"Nas", "x", "s"}, &R{"a", "b", "c"}, []R{{"c", "d", "e"}})`},
	{"a real X field stays", `fmt.Printf("%+v\n", Xreal{"a", "b"}); b3, _ := json.Marshal(Xreal{"a", "b"}); fmt.Println(string(b3))`},
	{"anonymous struct", `rows := []struct{ name string; N int }{{"a", 1}}; fmt.Printf("%+v\n", rows)`},
	{"maps and nesting", `fmt.Printf("%+v\n", map[string]R{"k": {"n", "x", "y"}}); fmt.Printf("%+v\n", Album{"A", []Song{{"t", Jazz, Rock}}, nil})`},
	{"embedded unexported struct", `fmt.Printf("%+v\n", Outer{inner{1}, 2})`},
	{"no String on unexported fields", `fmt.Printf("%v %+v\n", Timed{time.Second, time.Second}, Timed{time.Minute, time.Minute})`},
	{"Sprint, Errorf, Fprint", `var sb strings.Builder; fmt.Fprintf(&sb, "%+v", R{"f", "g", "h"}); fmt.Println(sb.String(), fmt.Sprint(R{"i", "j", "k"}), fmt.Errorf("e: %+v", R{"l", "m", "n"}))`},

	// Item 7: methods of named types.
	{"Stringer value, slice, map, call result", `fmt.Println(Jazz, []Genre{0, 1}, map[Genre]int{Jazz: 5, Rock: 3}, favourite())`},
	{"verbs of a Stringer int", `fmt.Printf("%d|%v|%s|%q|%x|%5v|%-6s|%03d|%T|%T\n", Jazz, Jazz, Jazz, Jazz, Jazz, Jazz, Rock, Jazz, Jazz, []Genre{})`},
	{"reused argument", `fmt.Printf("%[1]d %[1]v %[2]v\n", Jazz, Rock)`},
	{"arrays and nested slices", `fmt.Println([2]Genre{Jazz, Rock}, [][]Genre{{Jazz}, {}}, map[string][]Genre{"a": {Rock}})`},
	{"struct fields: exported ones only", `fmt.Printf("%v %+v %d\n", Song{"t", Jazz, Jazz}, Song{"u", Rock, Jazz}, Song{"w", Jazz, Jazz})`},
	{"pointer receiver", `fmt.Println(&P{1, 2}, P{3, 4}); var np *P; _ = np; fmt.Printf("%v\n", []*P{{5, 6}}[0])`},
	{"error type", `fmt.Println(E{"m"}); err := fmt.Errorf("wrap: %w", E{"n"}); fmt.Println(err, errors.Unwrap(err))`},
	{"string kind Stringer and Print spaces", `fmt.Print(Color("a"), Color("b"), 1, 2, "\n"); fmt.Print(Jazz, Rock, "\n")`},
	{"Formatter", `fmt.Printf("%v %d %s\n", Hex(255), Hex(16), []Hex{1})`},
	{"Stringer struct with %d", `fmt.Printf("%v %d %s\n", V{1, 2}, V{1, 2}, []V{{3, 4}})`},
	{"Stringer slice type", `fmt.Println(L{1, 2}, []L{{1}}); fmt.Printf("%d\n", L{1, 2})`},
	{"recursive type", `fmt.Printf("%v\n", Tree{Jazz, []Tree{{Rock, nil}}})`},
	{"panicking String", `fmt.Println(Bad(1)); fmt.Printf("[%5v]\n", Bad(2))`},
	{"inside a function", `func() { g := Jazz; fmt.Println(g, []Genre{g}) }()`},
	{"Sprintf in a cell's String", `fmt.Println(Album{"B", []Song{{"x", Rock, Jazz}}, nil})`},
	{"bytes with methods", `fmt.Printf("%s|%v|%x|%q\n", []B("hi"), []B("hi"), []B{1, 2}, [2]B{'o', 'k'})`},
	{"struct map keys", `fmt.Printf("%v|%+v\n", map[R]int{{"a", "b", "c"}: 1}, map[Genre]R{Jazz: {"d", "e", "f"}})`},
	{"json round trip", `var r R; err := json.Unmarshal([]byte(` + "`" + `{"name":"a","note":"b","Xnote":"c","secret":"d"}` + "`" + `), &r); fmt.Printf("%+v %v\n", r, err); b4, _ := json.MarshalIndent([]struct{ A int; b int }{{1, 2}}, "", " "); fmt.Println(string(b4))`},
	{"compiled values are fmt's", `fmt.Println(time.Second, errors.New("e"), []byte("x"), nil, [2]bool{}, struct{}{}); fmt.Printf("%v %d %s %5.2f|%-4d|%x\n", []string{"a"}, []int{1}, "s", 3.14159, 7, "hi")`},
	{"sentinel errors still wrap", `sentinel := errors.New("s"); werr := fmt.Errorf("w: %w", sentinel); fmt.Println(werr, errors.Is(werr, sentinel))`},
	{"bad verbs and missing arguments", `fmt.Printf("%d %s|%d %d\n", "x", 1, 2)`},
}

// fmtKnownGaps print otherwise than compiled Go, for the reason given; the session
// must at least not print the interpreter's internals ({0xc000… {…}}).
var fmtKnownGaps = []struct{ name, code, why string }{
	{"values in interfaces", `fmt.Println(Boxed{Jazz}, map[string]any{"g": Rock}, []any{Jazz, 1, "s"})`,
		"a value of a cell's type in an interface is printed without its methods (see fields.go)"},
	{"%T of a struct", `fmt.Printf("%T %T %v\n", R{}, Album{}, "s")`, "the interpreter's struct types have no name"},
}

func TestFmtKnownGaps(t *testing.T) {
	s, out := newTestSession(t)
	if !sessionHasFmt(t, s) {
		t.Skip("the session's fmt is not installed (NewSession must call installFmt)")
	}
	if _, err := s.Execute(context.Background(), fmtFidelityDecls); err != nil {
		t.Fatal(err)
	}
	for _, c := range fmtKnownGaps {
		out.Reset()
		if _, err := s.Execute(context.Background(), c.code); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := out.String(); strings.Contains(got, "{0x") || strings.Contains(got, "Xnote") {
			t.Errorf("%s: %q shows the interpreter's internals", c.name, got)
		}
	}
}

func TestFmtFidelity(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program with the go tool")
	}
	s, out := newTestSession(t)
	if !sessionHasFmt(t, s) {
		t.Skip("the session's fmt is not installed (NewSession must call installFmt)")
	}
	want := runCompiled(t, fmtFidelityDecls, fmtFidelityCases)
	if _, err := s.Execute(context.Background(), fmtFidelityDecls); err != nil {
		t.Fatal(err)
	}
	for _, c := range fmtFidelityCases {
		out.Reset()
		if _, err := s.Execute(context.Background(), c.code); err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := out.String(); got != want[c.name] {
			t.Errorf("%s:\n%s\n session: %q\ncompiled: %q", c.name, c.code, got, want[c.name])
		}
	}
}

// sessionHasFmt reports whether s presents fmt's arguments, and its cells' struct
// types have their unexported fields tagged.
func sessionHasFmt(t *testing.T, s *Session) bool {
	t.Helper()
	if _, ok := s.yi.Symbols(runtimePath)[runtimePath]["Fmt"]; !ok {
		return false
	}
	return sessionTagsFields(t, s)
}

// sessionTagsFields reports whether the cells' struct types have their unexported
// fields tagged (prepare's tagUnexportedFields runs).
func sessionTagsFields(t *testing.T, s *Session) bool {
	t.Helper()
	if _, err := s.Execute(context.Background(), "type gkFmtProbe struct{ x int }"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.yi.Eval(prepare.RuntimeAlias + ".TypeOf(gkFmtProbe{})"); err != nil {
		t.Fatal(err)
	}
	return s.lastType != nil && prepare.IsUnexportedField(s.lastType.Field(0).Tag)
}

func TestTableHidesUnexportedFields(t *testing.T) {
	s, _ := newTestSession(t)
	if !sessionTagsFields(t, s) {
		t.Skip("the cells' unexported fields are not tagged (prepare's pipeline must run tagUnexportedFields)")
	}
	res, err := s.Execute(context.Background(), "import \"github.com/gokernel/gokernel/display\"\n"+
		"type row struct { Name string; secret string; Score int }\n"+
		"display.TableBundle([]row{{\"a\", \"hidden\", 3}})")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Values) != 1 {
		t.Fatalf("values: %v", res.Values)
	}
	b, ok := res.Values[0].Interface().(display.Bundle)
	if !ok {
		t.Fatalf("not a bundle: %T", res.Values[0].Interface())
	}
	text := b.Data[display.MIMEText].(string)
	if strings.Contains(text, "secret") || strings.Contains(text, "hidden") || !strings.Contains(text, "Score") {
		t.Errorf("table:\n%s", text)
	}
}

// runCompiled runs the cases as a compiled program and returns each one's output.
func runCompiled(t *testing.T, decls string, cases []struct{ name, code string }) map[string]string {
	t.Helper()
	const mark = "\x00case "
	var b strings.Builder
	b.WriteString("package main\n\n" + decls + "\nfunc main() {\n")
	for _, c := range cases {
		b.WriteString("\tfmt.Print(\"" + strings.ReplaceAll(mark, "\x00", `\x00`) + c.name + "\\n\")\n")
		b.WriteString("\tfunc() {\n" + c.code + "\n\t}()\n")
	}
	b.WriteString("}\n")
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// go test puts its own GOROOT/bin first on PATH: "go" is the toolchain that built
	// the interpreter under test.
	cmd := exec.Command("go", "run", file)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOTOOLCHAIN=local", "GO111MODULE=off")
	outb, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go run: %v\n%s", err, stderr)
	}
	want := map[string]string{}
	for _, part := range strings.Split(string(outb), mark)[1:] {
		name, text, _ := strings.Cut(part, "\n")
		want[name] = text
	}
	return want
}

// The session's fmt against fmt's own, for arguments with nothing to present: the
// overhead every print of a cell pays.
func BenchmarkFmtFprintlnPlain(b *testing.B) {
	e := &fmtEnv{stdout: io.Discard}
	println := e.funcs()["Fprintln"].(func(io.Writer, ...any) (int, error))
	for range b.N {
		println(io.Discard, 42, "s", 2.5)
	}
}

func BenchmarkFmtFprintlnCompiled(b *testing.B) {
	for range b.N {
		fmt.Fprintln(io.Discard, 42, "s", 2.5)
	}
}

func BenchmarkFmtFprintlnInt(b *testing.B) {
	e := &fmtEnv{stdout: io.Discard}
	println := e.funcs()["Fprintln"].(func(io.Writer, ...any) (int, error))
	for range b.N {
		println(io.Discard, 42)
	}
}

func BenchmarkFmtFprintlnIntCompiled(b *testing.B) {
	for range b.N {
		fmt.Fprintln(io.Discard, 42)
	}
}
