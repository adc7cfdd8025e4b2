package interp

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokernel/gokernel/interp/prepare"
)

// orderFamilies are cells cut into items: uses names generic functions and types
// the kernel instantiates (in a function, a method, a closure, a generic type's
// method), call uses it, and orderOthers are put around uses in many orders.
var orderFamilies = []struct {
	name, uses, call string
}{
	{"func", "func f(name string) int {\n\treturn slices.Index([]string{\"a\"}, name)\n}", `f("a")`},
	{"method", "type R struct{ xs []string }\nfunc (r R) f(name string) bool {\n\treturn slices.Contains(r.xs, name)\n}", `R{[]string{"a"}}.f("a")`},
	{"closure", "f := func(name string) int {\n\treturn slices.Index([]string{\"a\"}, name)\n}", `f("a")`},
	{"several", "func f(m map[string]int) []string {\n\tks := slices.Collect(maps.Keys(m))\n\tslices.Sort(ks)\n\tif slices.Contains(ks, \"b\") {\n\t\treturn ks[:slices.Index(ks, \"b\")+1]\n\t}\n\treturn ks\n}", `f(map[string]int{"a": 1, "b": 2, "c": 3})`},
	{"user generic", "func Find[T comparable](xs []T, x T) int {\n\tfor i, y := range xs {\n\t\tif y == x {\n\t\t\treturn i\n\t\t}\n\t}\n\treturn -1\n}\nfunc f(name string) int {\n\treturn Find([]string{\"a\", \"b\"}, name)\n}", `f("b")`},
	{"generic type", "type Box[T any] struct{ v T }\nfunc (b Box[T]) get() T { return b.v }\nfunc f(name string) string {\n\treturn Box[string]{name}.get()\n}", `f("a")`},
	{"cell type argument", "type P struct{ n int }\nfunc f(name string) int {\n\treturn slices.Index([]P{{1}}, P{len(name)})\n}", `f("a")`},
}

// orderOthers are declarations and statements that print nothing: some name no
// instance, some name the families' instances too.
var orderOthers = [][]string{
	{"var s int", "q := []string{\"a\"}", "const k = 2", "type T struct{ n int }"},
	{"var w = slices.Index([]string{\"a\"}, \"a\")", "z := slices.Contains([]int{1}, 1)", "const k = 2", "type T struct{ n int }"},
}

// orderPlacements returns the orders of uses among others, others as given and
// reversed: each order of a statement among declarations comes up.
func orderPlacements(uses string, others []string) [][]string {
	var out [][]string
	reversed := slices.Clone(others)
	slices.Reverse(reversed)
	for _, os := range [][]string{others, reversed} {
		for i := 0; i <= len(os); i++ {
			out = append(out, slices.Concat(os[:i], []string{uses}, os[i:]))
		}
	}
	return out
}

// programOf writes cells as the Go program they stand for: their declarations at
// the package level, their statements in main, in order, each cell's trailing
// expression as a call of _show (showSource, cells_test.go).
func programOf(t *testing.T, cells []string) string {
	t.Helper()
	var decls, body strings.Builder
	for _, cell := range cells {
		items, err := prepare.SplitItems(cell)
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range items {
			text := cell[it.Start:it.End]
			switch {
			case it.Kind == prepare.DeclChunk:
				decls.WriteString(text + "\n")
			case i == len(items)-1 && prepare.IsExpression(text) && !isPrintCall(text):
				body.WriteString("\t_show(" + text + ")\n")
			default:
				body.WriteString("\t" + text + "\n")
				for _, n := range prepare.DefinedNames(text) {
					body.WriteString("\t_ = " + n + "\n")
				}
			}
		}
	}
	var b strings.Builder
	b.WriteString("package main\n\n")
	for _, pkg := range []string{"fmt", "maps", "slices", "strings"} {
		if strings.Contains(decls.String()+body.String(), pkg+".") {
			b.WriteString("import \"" + pkg + "\"\n")
		}
	}
	b.WriteString(decls.String() + "\nfunc main() {\n" + body.String() + "}\n")
	return b.String()
}

// goRun runs a program with go run and returns its stdout.
func goRun(t *testing.T, program string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to compile the programs with: %v", err)
	}
	dir := t.TempDir()
	for name, src := range map[string]string{"main.go": program, "show.go": showSource} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(goTool, "run", "main.go", "show.go")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, &stdout, &stderr
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOTOOLCHAIN=local", "GOFLAGS=", "GO111MODULE=off")
	if err := cmd.Run(); err != nil {
		t.Fatalf("go run: %v\n%s\n%s", err, stderr.String(), program)
	}
	return stdout.String()
}

// cellsOutput runs cells in a fresh session and returns what they print, each
// trailing value as formatValues and a newline.
func cellsOutput(t *testing.T, cells []string) string {
	t.Helper()
	s, out := newTestSession(t)
	for _, c := range cells {
		res, err := s.Execute(context.Background(), c)
		if err != nil {
			t.Errorf("cell:\n%s\n%v", c, err)
			return out.String()
		}
		if len(res.Values) > 0 {
			out.WriteString(formatValues(res.Values) + "\n")
		}
	}
	return out.String()
}

// TestCellItemOrderMatchesCompiler puts items that name instances of generic
// functions and types among other declarations and statements, in one cell in many
// orders and across cells, and wants what go run of the same program prints. The
// kernel declares each instance with the chunk of the cell that first names it: once
// a function declared before a statement named an instance declared after the
// statement (undefined: slicesꓸIndexᐸ…ᐳ).
func TestCellItemOrderMatchesCompiler(t *testing.T) {
	// The cell as the user met it.
	t.Run("showcase", func(t *testing.T) {
		t.Parallel()
		cell := "func f(name string) int {\n\treturn slices.Index([]string{\"a\"}, name)\n}\nq := []string{\"a\"}\nvar s int\nf(\"a\")"
		if got, want := cellsOutput(t, []string{cell}), goRun(t, programOf(t, []string{cell})); got != want {
			t.Errorf("cells print %q, go run %q", got, want)
		}
	})
	for _, fam := range orderFamilies {
		t.Run(fam.name, func(t *testing.T) {
			t.Parallel()
			// The others print nothing and the statements that print come last: every
			// order prints what the first does compiled.
			want := goRun(t, programOf(t, []string{strings.Join(orderOthers[1], "\n") + "\n" + fam.uses + "\n" + fam.call}))
			var runs [][]string
			for _, others := range orderOthers {
				for _, order := range orderPlacements(fam.uses, others) {
					runs = append(runs, []string{strings.Join(order, "\n") + "\n" + fam.call})
				}
				// The uses in a cell, the others in a second, the call in a third; and
				// the others before the uses in one cell, the call in another.
				runs = append(runs, []string{fam.uses, strings.Join(others, "\n"), fam.call})
				runs = append(runs, []string{strings.Join(others, "\n") + "\n" + fam.uses, fam.call})
			}
			for _, cells := range runs {
				if got := cellsOutput(t, cells); got != want {
					t.Errorf("cells print %q, go run %q; cells:\n%s", got, want, strings.Join(cells, "\n--- next cell ---\n"))
				}
			}
		})
	}
}

// TestInstancesAfterAPanicAreDeclaredLater: a cell that panics never declares the
// instances its later chunks hold, and a later cell that needs them declares them
// (they were once taken for declared: undefined: slicesꓸContainsᐸ…ᐳ for good).
func TestInstancesAfterAPanicAreDeclaredLater(t *testing.T) {
	for _, cell := range []string{
		"panic(\"boom\")\ntype P int\nslices.Contains([]int{1}, 1)",
		"n := slices.Index([]string{\"a\"}, \"a\")\npanic(\"boom\")\nfunc f() bool { return slices.Contains([]int{1}, n) }",
	} {
		s, _ := newTestSession(t)
		if _, err := s.Execute(context.Background(), cell); err == nil || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("%q: %v, want the panic", cell, err)
		}
		expectValue(t, s, "slices.Contains([]int{1}, 1)", "true")
	}
}
