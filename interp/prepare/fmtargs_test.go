package prepare

import (
	"go/ast"
	"math"
	"path"
	"strings"
	"testing"
)

// newTestMonomorphizer returns the monomorphizer of a new pipeline that has run the
// cells earlier.
func newTestMonomorphizer(tb testing.TB, earlier ...string) *monomorphizer {
	m := New(Config{
		ImportName: func(spec *ast.ImportSpec, p string) string {
			if spec.Name != nil {
				return spec.Name.Name
			}
			return path.Base(p)
		},
		Importer: newCellImporter(tb),
	}).mono
	for _, c := range earlier {
		m.record(c, len(c))
	}
	return m
}

// fmtArgsRewrite type-checks cell in m and returns it with fmtArgEdits' edits
// applied.
func fmtArgsRewrite(t *testing.T, m *monomorphizer, cell string) string {
	t.Helper()
	items, err := SplitItems(cell)
	if err != nil {
		t.Fatal(err)
	}
	r, typeErr, err := m.check(cell, items, map[string]string{"fmt": "fmt"}, &instanceSet{byKey: map[string]*instance{}}, false)
	if err != nil || typeErr != nil {
		t.Fatalf("check: %v %v", err, typeErr)
	}
	var edits []edit
	r.fmtArgEdits(func(n ast.Node, repl string) {
		from, to := r.offset(n.Pos()), r.offset(n.End())
		sp := r.spanOf(from, to)
		if sp == nil || sp.owner >= 0 {
			return
		}
		edits = append(edits, edit{from - sp.from + sp.src, to - sp.from + sp.src, repl})
	})
	return applyEdits(cell, edits)
}

func TestFmtArgEdits(t *testing.T) {
	decls := `type Genre int
func (g Genre) String() string { return "g" }
type Plain int
type Song struct { Title string; G Genre; g Genre }
type P struct{ X int }
func (p *P) String() string { return "p" }
type E struct{}
func (E) Error() string { return "e" }
type F float64
func (F) Format(s fmt.State, c rune) {}
type Tree struct { G Genre; Kids []Tree }
`
	const fn = "func(gkv Genre) string { return gkv.String() }"
	cases := []struct {
		name, cell, want string
	}{
		{"value", `fmt.Println(Genre(1))`,
			`fmt.Println(__gk.Fmt(Genre(1), "main.Genre", "(S0).", ` + fn + `))`},
		{"slice and plain arguments", `var xs []Genre; fmt.Printf("%v %d\n", xs, 3)`,
			`var xs []Genre; fmt.Printf("%v %d\n", __gk.Fmt(xs, "[]main.Genre", "[(S0).", ` + fn + `), 3)`},
		{"map", `m := map[Genre]int{}; fmt.Println(m)`,
			`m := map[Genre]int{}; fmt.Println(__gk.Fmt(m, "map[main.Genre]int", "M(S0)..", ` + fn + `))`},
		{"exported fields only", `fmt.Println(Song{})`,
			`fmt.Println(__gk.Fmt(Song{}, "main.Song", "{1:(S0).}", ` + fn + `))`},
		{"no methods", `fmt.Println(Plain(1), 2, "x")`, `fmt.Println(Plain(1), 2, "x")`},
		{"pointer receiver", `fmt.Println(&P{}, P{})`,
			`fmt.Println(__gk.Fmt(&P{}, "*main.P", "(S0)*.", func(gkv *P) string { return gkv.String() }), __gk.Fmt(P{}, "main.P", "."))`},
		{"error", `fmt.Errorf("%w", E{})`,
			`fmt.Errorf("%w", __gk.Fmt(E{}, "main.E", "(E0).", func(gkv E) string { return gkv.Error() }))`},
		{"formatter", `fmt.Sprint(F(1))`,
			`fmt.Sprint(__gk.Fmt(F(1), "main.F", "(F0).", func(gkv F, gkf fmt.State, gkc rune) { gkv.Format(gkf, gkc) }))`},
		{"recursive type", `fmt.Println(Tree{})`,
			`fmt.Println(__gk.Fmt(Tree{}, "main.Tree", "#0={0:(S0).1:[#0}", ` + fn + `))`},
		{"writer first", "var b strings.Builder\nfmt.Fprintln(&b, Genre(0))",
			"var b strings.Builder\nfmt.Fprintln(&b, __gk.Fmt(Genre(0), \"main.Genre\", \"(S0).\", " + fn + "))"},
		{"spread arguments are left", `xs := []any{Genre(1)}; fmt.Println(xs...)`, `xs := []any{Genre(1)}; fmt.Println(xs...)`},
		{"shadowed type name", `func() { Genre := 1; fmt.Println(Genre, Song{}.G) }()`, `func() { Genre := 1; fmt.Println(Genre, Song{}.G) }()`},
		{"inside a function", "func show(g Genre) {\n\tfmt.Println(g)\n}",
			"func show(g Genre) {\n\tfmt.Println(__gk.Fmt(g, \"main.Genre\", \"(S0).\", " + fn + "))\n}"},
		{"trailing expression", "xs := []Genre{1}\nxs", "xs := []Genre{1}\n__gk.Fmt(xs, \"[]main.Genre\", \"[(S0).\", " + fn + ")"},
		{"trailing list", "xs := []Genre{1}\nxs, len(xs), Genre(0)", "xs := []Genre{1}\n__gk.Fmt(xs, \"[]main.Genre\", \"[(S0).\", " + fn + "), len(xs), __gk.Fmt(Genre(0), \"main.Genre\", \"(S0).\", " + fn + ")"},
		{"trailing print call", "fmt.Println(Genre(1))", `fmt.Println(__gk.Fmt(Genre(1), "main.Genre", "(S0).", ` + fn + `))`},
		{"trailing assertion left", "var a any = Genre(1)\na.(Genre)", "var a any = Genre(1)\na.(Genre)"},
		{"call result", `func f() Genre { return 0 }; fmt.Println(f())`,
			`func f() Genre { return 0 }; fmt.Println(__gk.Fmt(f(), "main.Genre", "(S0).", ` + fn + `))`},
	}
	m := newTestMonomorphizer(t, "import \"fmt\"\n"+decls)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cell := c.cell
			if strings.Contains(cell, "strings.") {
				cell = "import \"strings\"\n" + cell
				c.want = "import \"strings\"\n" + c.want
			}
			got := fmtArgsRewrite(t, m, cell)
			if got != c.want {
				t.Errorf("\n got %s\nwant %s", got, c.want)
			}
			if strings.Count(got, "\n") != strings.Count(cell, "\n") {
				t.Error("lines moved")
			}
			if _, err := SplitCell(got); err != nil {
				t.Errorf("does not parse: %v", err)
			}
		})
	}
}

func TestMayNeedFmtRewrite(t *testing.T) {
	m := newTestMonomorphizer(t)
	if m.mayNeedFmtRewrite(`fmt.Println(1)`) {
		t.Error("no methods anywhere, yet checked")
	}
	if !m.mayNeedFmtRewrite("type G int\nfunc (g G) String() string { return \"\" }\nfmt.Println(G(1))") {
		t.Error("a cell declaring String and printing")
	}
	m.record("import \"fmt\"\ntype G int\nfunc (g G) String() string { return \"\" }", math.MaxInt)
	if !m.mayNeedFmtRewrite(`fmt.Println(G(1))`) {
		t.Error("an earlier cell declared String")
	}
	if m.mayNeedFmtRewrite(`x := G(1)`) {
		t.Error("no fmt call, yet checked")
	}
	if !m.mayNeedFmtRewrite("x := G(1)\nx, []G{x}") {
		t.Error("a trailing expression, not checked")
	}
}

// BenchmarkFmtRewriteCell measures the type-check and rewrite of a cell that prints,
// in a session that declared a Stringer: what mayNeedFmtRewrite adds to such a cell.
func BenchmarkFmtRewriteCell(b *testing.B) {
	m := newTestMonomorphizer(b, "import \"fmt\"\ntype Genre int\nfunc (g Genre) String() string { return \"g\" }\nvar xs []Genre")
	const cell = "for i := 0; i < 3; i++ {\n\tfmt.Println(i, xs, Genre(i))\n}"
	m.rewrite(cell, map[string]string{"fmt": "fmt"})
	b.ResetTimer()
	for range b.N {
		m.rewrite(cell, map[string]string{"fmt": "fmt"})
	}
}
