package lineage

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// analyzeCases are cells with the session names they run against and what the
// analysis must say of them. Changed are candidates: the worker confirms them by
// hashing, so a case may list a name that a real run would leave alone.
var analyzeCases = []struct {
	name    string
	src     string
	session string // space-separated session names
	defined string
	read    string
	changed string
}{
	// Empty cells, imports, magics, package selectors.
	{name: "empty", src: ""},
	{name: "comment only", src: "// nothing here\n/* still nothing */", session: "x"},
	{name: "imports only", src: "import \"fmt\"\nimport (\n\t\"strings\"\n\tm \"math\"\n)", session: "x"},
	{
		name:    "package selector reads the argument, not the package",
		src:     `import "strings"` + "\nu := strings.ToUpper(s)",
		session: "s strings", defined: "u", read: "s",
	},
	{
		name: "session-imported package is not a name",
		src:  `fmt.Println(x)`, session: "x", read: "x",
	},
	{
		name: "a selector used as a value may be a method value",
		src:  `n := cfg.Size`, session: "cfg", defined: "n", read: "cfg", changed: "cfg",
	},
	{
		name: "import renamed hides a session name of that name",
		src:  "import m \"math\"\ny := m.Sqrt(v)", session: "m v", defined: "y", read: "v",
	},
	{
		name: "versioned import path",
		src:  "import \"math/rand/v2\"\nk := rand.IntN(n)", session: "rand n", defined: "k", read: "n", changed: "n",
	},
	{
		name: "magic lines are skipped",
		src:  "%time\n!ls -l (x\nx := y + 1\n  %env A=b", session: "y", defined: "x", read: "y",
	},
	{
		name: "! inside brackets is Go, not a magic",
		src:  "ok := f(\n!done,\n)", session: "f done", defined: "ok", read: "done f",
	},

	// Definitions.
	{
		name:    "declarations of every kind",
		src:     "var a, b = 1, 2\nconst (\n\tc = iota\n\td\n)\ntype T struct{ n int }\nfunc f() int { return a }",
		session: "a", defined: "T a b c d f",
	},
	{
		name: "top-level := defines every name but _",
		src:  `x, err, _ := load(path)`, session: "load path", defined: "err x", read: "load path", changed: "path",
	},
	{
		name: "top-level := redefines a session variable",
		src:  `x, err := parse(s)`, session: "x err parse s", defined: "err x", read: "parse s", changed: "s",
	},
	{
		name: "x := x + 1 reads and redefines x",
		src:  `x := x + 1`, session: "x", defined: "x", read: "x",
	},
	{
		name: "var x = x * 2 reads the session's x",
		src:  `var x = x * 2`, session: "x", defined: "x", read: "x",
	},
	{
		name: "uses after the cell's own declaration are not reads",
		src:  "n := 3\nfmt.Println(n)\nn++", session: "n", defined: "n",
	},
	{
		name: "a use before the cell's declaration reads the session's",
		src:  "fmt.Println(n)\nn := 3", session: "n", defined: "n", read: "n",
	},
	{
		name: "declarations in one run see each other in any order",
		src:  "func g() int { return f() + k }\nfunc f() int { return 1 }\nvar k = 2", session: "f k", defined: "f g k",
	},
	{
		name: "a statement before a declaration sees the session's",
		src:  "y := f()\nfunc f() int { return 2 }", session: "f", defined: "f y", read: "f",
	},
	{
		name:    "redefinition of a function and a type",
		src:     "type Point struct{ X, Y float64 }\nfunc norm(p Point) float64 { return math.Hypot(p.X, p.Y) }",
		session: "Point norm", defined: "Point norm",
	},
	{
		name:    "recursive function and type refer to themselves",
		src:     "type List struct{ next *List }\nfunc fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }",
		session: "List fib", defined: "List fib",
	},
	{
		name: "method with pointer receiver on a session type",
		src:  `func (c *Counter) Inc() { c.n++; total++ }`, session: "Counter total", defined: "Counter.Inc", read: "Counter total",
	},
	{
		name:    "method with value receiver on the cell's type",
		src:     "type Celsius float64\nfunc (c Celsius) String() string { return fmt.Sprint(float64(c)) }",
		session: "c", defined: "Celsius Celsius.String",
	},
	{
		name: "method on a generic type",
		src:  "func (p *Pair[K, V]) Swap() { p.a, p.b = p.b, p.a }", session: "Pair K V", defined: "Pair.Swap", read: "Pair",
	},
	{name: "init is not a name", src: `func init() { ready = true }`, session: "ready", read: "ready"},

	// Function bodies and scopes.
	{
		name: "a function body reads, never changes, session variables",
		src:  "func reset() { counts = nil; xs[0] = 1; log.Append(1) }", session: "counts xs log", defined: "reset", read: "counts log xs",
	},
	{
		name: "parameters and results shadow session names",
		src:  "func scale(x float64, k int) (y float64) { y = x * float64(k); return }", session: "x k y", defined: "scale",
	},
	{
		name: "locals shadow session names after their declaration only",
		src:  "func f() int { a := b; b := 2; return a + b }", session: "a b", defined: "f", read: "b",
	},
	{
		name: "block scope ends with the block",
		src:  "{\n\tx := 1\n\t_ = x\n}\nfmt.Println(x)", session: "x", read: "x",
	},
	{
		name:    ":= in if, for and switch headers",
		src:     "if v, ok := m[k]; ok { use(v) }\nfor i := 0; i < n; i++ { sum += i }\nswitch s := f(); s { case a: }",
		session: "v ok i s m k use n sum f a", read: "a f k m n sum use", changed: "sum",
	},
	{
		name: "range variables are locals, the ranged value is read",
		src:  "for i, row := range rows { total += row[i] }", session: "i row rows total", read: "rows total", changed: "total",
	},
	{
		name: "range assigning session variables changes them",
		src:  "for k, v = range m {}", session: "k v m", read: "m", changed: "k v",
	},
	{
		name: "for range writing elements changes the slice",
		src:  "for i := range xs { xs[i] *= 2 }", session: "xs", read: "xs", changed: "xs",
	},
	{
		name: "labels are not names",
		src:  "outer:\nfor _, r := range rows {\n\tfor range r { continue outer }\n\tbreak outer\n}", session: "outer rows", read: "rows",
	},
	{
		name: "type switch binds a fresh variable per clause",
		src:  "switch v := val.(type) {\ncase int: n = v\ncase Shape: describe(v)\n}", session: "v val n Shape describe", read: "Shape describe val", changed: "n",
	},
	{
		name:    "select with receive, assignment and send",
		src:     "select {\ncase msg := <-in: handle(msg)\ncase last = <-done:\ncase out <- item:\n}",
		session: "msg in handle last done out item", read: "done handle in item out", changed: "item last",
	},
	{
		name: "defer passes its arguments too",
		src:  `defer cleanup(tmp)`, session: "cleanup tmp", read: "cleanup tmp", changed: "tmp",
	},

	// Changes.
	{name: "assignment", src: `x = 5`, session: "x", changed: "x"},
	{
		name:    "a read after the cell replaced the value reads the cell's value",
		src:     "y = x * 10\nfmt.Println(y)\nsort.Slice(y, func(i, j int) bool { return y[i] < y[j] })\ny[0] = 1",
		session: "x y", read: "x", changed: "y",
	},
	{
		name: "a read before the replacement, or of the old value, reads the session's",
		src:  "fmt.Println(y)\ny = y + 1", session: "y", read: "y", changed: "y",
	},
	{
		name: "a conditional replacement leaves later reads on the session's value",
		src:  "if ok { y = 2 }\nfmt.Println(y)", session: "ok y", read: "ok y", changed: "y",
	},
	{
		name: "a function declared after the replacement reads the variable when called",
		src:  "y = 2\nfunc show() { fmt.Println(y) }", session: "y", defined: "show", read: "y", changed: "y",
	},
	{
		name: "swapping reads both",
		src:  "a, b = b, a\nfmt.Println(a)", session: "a b", read: "a b", changed: "a b",
	},
	{name: "op-assignment reads too", src: `total += price * qty`, session: "total price qty", read: "price qty total", changed: "total"},
	{name: "increment", src: `n++`, session: "n", read: "n", changed: "n"},
	{name: "map and slice element writes", src: "m[\"a\"] = 1\nxs[len(xs)-1] = 0", session: "m xs", read: "m xs", changed: "m xs"},
	{name: "field write through a chain", src: `cfg.Opt.Levels[i] = 3`, session: "cfg i", read: "cfg i", changed: "cfg"},
	{name: "write through a pointer", src: `*p = 7`, session: "p", read: "p", changed: "p"},
	{name: "append assigned back", src: `xs = append(xs, 4)`, session: "xs", read: "xs", changed: "xs"},
	{name: "append into a new name leaves the slice alone", src: `ys := append(xs, 4)`, session: "xs", defined: "ys", read: "xs"},
	{name: "method calls may change the receiver", src: "model.Fit(data)\ncfg.Sub.Reset()", session: "model data cfg", read: "cfg data model", changed: "cfg data model"},
	{name: "address taken", src: "p := &x\nq := &s.f\nr := &xs[2]", session: "x s xs", defined: "p q r", read: "s x xs", changed: "s x xs"},
	{name: "pointer passed to a function", src: `fill(&buf, n)`, session: "fill buf n", read: "buf fill n", changed: "buf n"},
	{name: "sort through a slice expression", src: `sort.Ints(xs[:k])`, session: "xs k", read: "k xs", changed: "xs"},
	{
		name:    "builtins: copy, clear and delete change their first argument only",
		src:     "copy(dst, src)\nclear(cache)\ndelete(m, key)\nn := len(a) + cap(b)",
		session: "dst src cache m key a b", defined: "n", read: "a b cache dst key m src", changed: "cache dst m",
	},
	{
		name:    "conversions and fmt leave their arguments alone",
		src:     "b := []byte(s)\nf := float64(n)\nt := Temp(c)\nfmt.Printf(\"%v %v\\n\", x, y)\nmsg := fmt.Sprint(z)\ntype Temp float64",
		session: "s n c x y z", defined: "Temp b f msg t", read: "c n s x y z", changed: "c",
	},
	{name: "Fprintf changes its writer only", src: `fmt.Fprintf(w, "%d", n)`, session: "w n", read: "n w", changed: "w"},
	{name: "strings and math functions take values", src: `r := strings.Repeat(s, n) + fmt.Sprint(math.Abs(v))`, session: "s n v", defined: "r", read: "n s v"},
	{name: "sent on a channel", src: `ch <- batch`, session: "ch batch", read: "batch ch", changed: "batch"},
	{
		name: "method value holds its receiver",
		src:  `h := acc.Add`, session: "acc", defined: "h", read: "acc", changed: "acc",
	},

	// Closures and goroutines.
	{
		name: "closure captures every session variable it references",
		src:  "inc := func(d int) { counter += d; log(counter, limit) }", session: "counter limit log", defined: "inc", read: "counter limit log", changed: "counter limit",
	},
	{
		name: "closure parameters and locals shadow",
		src:  "sq := func(x int) int { y := x * x; return y }", session: "x y", defined: "sq",
	},
	{
		name: "goroutine with a closure",
		src:  "go func() { results <- compute(input) }()", session: "results compute input", read: "compute input results", changed: "input results",
	},
	{name: "goroutine passing a pointer", src: `go worker(&wg, jobs)`, session: "worker wg jobs", read: "jobs wg worker", changed: "jobs wg"},
	{
		name: "closure inside a function declaration changes nothing",
		src:  "func run() { go func() { state = 1 }() }", session: "state", defined: "run", read: "state",
	},

	// Struct fields, maps, slices and aliasing.
	{
		name: "struct literal keys are field names, values are read",
		src:  "p := Point{X: x, Y: y}\nps := []Point{{X: 1, Y: y}}", session: "Point X Y x y", defined: "p ps", read: "Point x y",
	},
	{
		name: "map literal keys are expressions",
		src:  "m := map[string]int{key: 1, \"b\": n}", session: "key n", defined: "m", read: "key n",
	},
	{
		name: "a map type the cell declares keys its literals by value",
		src:  "type Index map[string]int\nidx := Index{first: 0}", session: "first", defined: "Index idx", read: "first",
	},
	{
		name: "slicing reads the slice and defines the alias",
		src:  `b := a[:2]`, session: "a", defined: "b", read: "a",
	},
	{
		name: "writing through an alias names the alias (hashing catches the original)",
		src:  `b[0] = 9`, session: "a b", read: "b", changed: "b",
	},

	// Layout of a cell.
	{
		name: "declaration and statement on one line",
		src:  "var a = 1; x := a + y; type T int", session: "a y T", defined: "T a x", read: "y",
	},
	{
		name: "comments between and inside items",
		src:  "// load\nx := f( /* arg */ y) // trailing\n/* block */\nz := x", session: "f y", defined: "x z", read: "f y", changed: "y",
	},
	{name: "a top-level return ends the cell", src: "if done { return }\nrun(job)", session: "done run job", read: "done job run", changed: "job"},
	{
		name: "local type and const declarations shadow",
		src:  "func f() { type T int; const k = 2; var v T = k; _ = v }", session: "T k v", defined: "f",
	},
	{
		name: "const block reads a session constant once",
		src:  "const (\n\tA = base + iota\n\tB\n)", session: "base", defined: "A B", read: "base",
	},
	{
		name: "closure calling a session function does not change it",
		src:  "go func() { process(); notify <- true }()", session: "process notify", read: "notify process", changed: "notify",
	},
	{
		name: "type assertion and conversion to a session type",
		src:  "s := shape.(Circle)\nv := Celsius(t)", session: "shape Circle Celsius t", defined: "s v", read: "Celsius Circle shape t", changed: "t",
	},
	{
		name: "nested literals with elided types",
		src:  `g := map[string][]Point{"a": {{X: x}, {Y: y}}}`, session: "Point X Y x y", defined: "g", read: "Point x y",
	},
	{
		name: "method expression (without types, taken for a method value)",
		src:  "f := (*Buffer).Reset\nf(&b)", session: "Buffer b", defined: "f", read: "Buffer b", changed: "Buffer b",
	},

	// Generics.
	{
		name:    "generic function declaration: type parameters are not names",
		src:     "func Map[T, U any](xs []T, f func(T) U) []U { var out []U; for _, x := range xs { out = append(out, f(x)) }; return out }",
		session: "T U xs f out", defined: "Map",
	},
	{
		name: "generic type with a constraint from the session",
		src:  "type Vec[E Number] []E", session: "Number E", defined: "Vec", read: "Number",
	},
	{
		name: "instantiation of a session generic",
		src:  "ys := Map[int, string](xs, strconv.Itoa)\nz := Sum[float64](w)", session: "Map Sum xs w", defined: "ys z", read: "Map Sum w xs", changed: "w xs",
	},
	{
		name: "constraint unions and embedded interfaces",
		src:  "type Number interface { ~int | ~float64 | Custom }", session: "Custom", defined: "Number", read: "Custom",
	},
}

func TestAnalyze(t *testing.T) {
	for _, tc := range analyzeCases {
		t.Run(tc.name, func(t *testing.T) {
			session := map[string]bool{}
			for _, n := range strings.Fields(tc.session) {
				session[n] = true
			}
			got, err := Analyze(tc.src, func(name string) bool { return session[name] })
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			check := func(what string, got []string, want string) {
				t.Helper()
				if w := strings.Fields(want); !slices.Equal(got, w) && len(got)+len(w) > 0 {
					t.Errorf("%s = %q, want %q", what, got, w)
				}
			}
			check("Defined", got.Defined, tc.defined)
			check("Read", got.Read, tc.read)
			check("Changed", got.Changed, tc.changed)
		})
	}
}

func TestAnalyzeParseError(t *testing.T) {
	for _, src := range []string{
		"x := (1 +",
		"func f() {",
		"y := 1\nfor {\n\tz := ]\n}",
		"var = 3",
	} {
		if _, err := Analyze(src, nil); err == nil {
			t.Errorf("Analyze(%q): no error", src)
		}
	}
}

// TestAnalyzeErrorPosition checks that a parse error is reported at its place in the
// cell, not in the file the analysis parses.
func TestAnalyzeErrorPosition(t *testing.T) {
	for src, want := range map[string]string{
		"x := 1; y := )":        "cell:1:14: expected operand, found ')'",
		"x := (1 +":             "cell:1:10: expected operand, found 'EOF'",
		"var = 3":               "cell:1:5: expected 'IDENT', found '='",
		"%time\nx := 1\ny := ]": "cell:3:6: expected operand, found ']'",
	} {
		_, err := Analyze(src, nil)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Analyze(%q) error = %v, want %s", src, err, want)
		}
	}
}

// benchCell is a realistic cell that reads n session variables and defines n
// names from them, through a helper function, a struct literal, a loop and
// closures.
func benchCell(n int) (string, func(string) bool) {
	var b strings.Builder
	session := map[string]bool{"cfg": true, "model": true}
	b.WriteString("import \"strings\"\n\n")
	b.WriteString("type stats struct{ sum, max float64; name string }\n")
	b.WriteString("func summarize(xs []float64, name string) stats {\n\ts := stats{name: strings.ToUpper(name)}\n\tfor _, x := range xs {\n\t\ts.sum += x\n\t\tif x > s.max { s.max = x }\n\t}\n\treturn s\n}\n")
	for i := range n {
		session[fmt.Sprint("in", i)] = true
		fmt.Fprintf(&b, "out%d := summarize(in%d, %q)\n", i, i, fmt.Sprint("col", i))
		fmt.Fprintf(&b, "if out%d.max > cfg.Limit { model.Flag(%d, func() float64 { return out%d.sum / float64(len(in%d)) }) }\n", i, i, i, i)
	}
	return b.String(), func(name string) bool { return session[name] }
}

func benchmarkAnalyze(b *testing.B, n int) {
	src, session := benchCell(n)
	if _, err := Analyze(src, session); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Analyze(src, session)
	}
}

func BenchmarkAnalyze5Names(b *testing.B)  { benchmarkAnalyze(b, 5) }
func BenchmarkAnalyze50Names(b *testing.B) { benchmarkAnalyze(b, 50) }
