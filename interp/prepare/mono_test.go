package prepare

import (
	"go/ast"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

func TestMonoInstanceNames(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"int"}, "Fᐸintᐳ"},
		{[]string{"string", "time.Duration"}, "FᐸstringꓹtimeꓸDurationᐳ"},
		{[]string{"[]int"}, "Fᐸǂ5bǂǂ5dǂintᐳ"},
		{[]string{"*int"}, "Fᐸǂ2aǂintᐳ"},
	} {
		if got := instanceName("F", c.args); got != c.want {
			t.Errorf("instanceName(F, %q) = %q, want %q", c.args, got, c.want)
		}
		if !isIdentifier(instanceName("F", c.args)) {
			t.Errorf("instanceName(F, %q) is not an identifier", c.args)
		}
	}
}

func isIdentifier(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// placementFamilies are cells cut into items: uses is a block of items that name
// instances the rewrite makes (in a function, a method, a closure, a generic type's
// method), others are items that the cell may hold before or after it in any order,
// and call is the cell's last statement.
var placementFamilies = []struct {
	name        string
	uses, call  string
	otherGroups [][]string
}{
	{name: "func", uses: "func f(name string) int {\n\treturn slices.Index([]string{\"a\"}, name)\n}", call: `f("a")`},
	{name: "method", uses: "type R struct{ xs []string }\nfunc (r R) f(name string) bool {\n\treturn slices.Contains(r.xs, name)\n}", call: `R{[]string{"a"}}.f("a")`},
	{name: "closure", uses: "f := func(name string) int {\n\treturn slices.Index([]string{\"a\"}, name)\n}", call: `f("a")`},
	{name: "several", uses: "func f(m map[string]int) []string {\n\tks := slices.Collect(maps.Keys(m))\n\tslices.Sort(ks)\n\tif slices.Contains(ks, \"b\") {\n\t\treturn ks[:slices.Index(ks, \"b\")+1]\n\t}\n\treturn ks\n}", call: `f(map[string]int{"a": 1, "b": 2, "c": 3})`},
	{name: "user generic", uses: "func Find[T comparable](xs []T, x T) int {\n\tfor i, y := range xs {\n\t\tif y == x {\n\t\t\treturn i\n\t\t}\n\t}\n\treturn -1\n}\nfunc f(name string) int {\n\treturn Find([]string{\"a\", \"b\"}, name)\n}", call: `f("b")`},
	{name: "generic type", uses: "type Box[T any] struct{ v T }\nfunc (b Box[T]) get() T { return b.v }\nfunc f(name string) string {\n\treturn Box[string]{name}.get()\n}", call: `f("a")`},
	{name: "cell type argument", uses: "type P struct{ n int }\nfunc f(name string) int {\n\treturn slices.Index([]P{{1}}, P{len(name)})\n}", call: `f("a")`},
}

// placementOthers are the items put around a family's uses: declarations and
// statements that name no instance, and some that name one too.
var placementOthers = [][]string{
	{"var s int", "q := []string{\"a\"}", "const k = 2", "type T struct{ n int }"},
	{"var w = slices.Index([]string{\"a\"}, \"a\")", "z := slices.Contains([]int{1}, 1)", "const k = 2", "type T struct{ n int }"},
}

// placements returns the orders of uses among others, others as given and reversed:
// each order of a statement among declarations comes up.
func placements(uses string, others []string) [][]string {
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

// addedDeclsAfterUse returns the declarations the rewrite added to prepared (the
// instances, the library's declarations, local types moved to the top level) that
// are in a chunk after the first chunk naming them: the session evaluates a cell's
// chunks in order, and a function is compiled with its chunk, so what its body names
// must be declared by then.
func addedDeclsAfterUse(t *testing.T, prepared string) []string {
	t.Helper()
	chunks, err := SplitCell(prepared)
	if err != nil {
		t.Fatalf("%q: %v", prepared, err)
	}
	declaredIn, firstUse := map[string]int{}, map[string]int{}
	for i, c := range chunks {
		if c.Kind == DeclChunk {
			f := ParseDecls(c.Src)
			if f == nil {
				t.Fatalf("chunk %q does not parse", c.Src)
			}
			for _, n := range declNames(f) {
				if _, ok := declaredIn[n]; !ok {
					declaredIn[n] = i
				}
			}
		}
		scanIdents(c.Src, func(n string) {
			if _, ok := firstUse[n]; !ok {
				firstUse[n] = i
			}
		})
	}
	var late []string
	for n, in := range declaredIn {
		// A method (T.M) is named by a selector, with its type.
		if strings.ContainsAny(n, instanceOpen+"ꓸ") && !strings.Contains(n, ".") && firstUse[n] < in {
			late = append(late, n)
		}
	}
	sort.Strings(late)
	return late
}

// TestAddedDeclarationsPrecedeTheirUse puts the items that name instances among
// other declarations and statements in every order, in one cell and across three,
// and wants each declaration the rewrite adds evaluated no later than the first
// chunk that names it (a function declared before a statement once named an
// instance declared after the statement: undefined: slicesꓸIndexᐸ…ᐳ).
func TestAddedDeclarationsPrecedeTheirUse(t *testing.T) {
	imports := map[string]string{"slices": "slices", "maps": "maps", "fmt": "fmt"}
	p := New(Config{
		ImportName: func(spec *ast.ImportSpec, p string) string { return path.Base(p) },
		IntVars:    func() map[string]bool { return map[string]bool{} },
		Importer:   newCellImporter(t),
	})
	prepare := func(cell string) string {
		t.Helper()
		out, err := p.Prepare(cell, imports)
		if err != nil {
			t.Fatalf("%s: %v", cell, err)
		}
		return out
	}
	for _, fam := range placementFamilies {
		for _, others := range placementOthers {
			for _, order := range placements(fam.uses, others) {
				cell := strings.Join(order, "\n") + "\n" + fam.call
				out := prepare(cell)
				if !strings.Contains(out, instanceOpen) {
					t.Fatalf("%s: nothing instantiated in\n%s", fam.name, out)
				}
				if late := addedDeclsAfterUse(t, out); len(late) > 0 {
					t.Errorf("%s: %v declared after their first use in\n%s", fam.name, late, out)
				}
			}
		}
		// The uses in one cell, the others in a second, the call in a third.
		for _, cells := range [][]string{{fam.uses, strings.Join(placementOthers[0], "\n"), fam.call}, {strings.Join(placementOthers[1], "\n") + "\n" + fam.uses, fam.call}} {
			p := New(Config{
				ImportName: func(spec *ast.ImportSpec, p string) string { return path.Base(p) },
				IntVars:    func() map[string]bool { return map[string]bool{} },
				Importer:   newCellImporter(t),
			})
			for _, cell := range cells {
				out, err := p.Prepare(cell, imports)
				if err != nil {
					t.Fatalf("%s: %v", cell, err)
				}
				if late := addedDeclsAfterUse(t, out); len(late) > 0 {
					t.Errorf("%s: %v declared after their first use in\n%s", fam.name, late, out)
				}
				p.Record(len(out))
			}
		}
	}
}

// TestRecordKeepsInstancesOfWhatRan: the instances a cell stopped by a panic did not
// reach are declared by the next cell that uses them.
func TestRecordKeepsInstancesOfWhatRan(t *testing.T) {
	imports := map[string]string{"slices": "slices"}
	p := New(Config{
		ImportName: func(spec *ast.ImportSpec, p string) string { return path.Base(p) },
		IntVars:    func() map[string]bool { return map[string]bool{} },
		Importer:   newCellImporter(t),
	})
	out, err := p.Prepare("a := slices.Index([]int{1}, 1)\npanic(a)\ntype P int\nb := slices.Contains([]string{\"a\"}, \"a\")", imports)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(out, "panic(")
	if at < 0 || !strings.Contains(out[:at], "func slicesꓸIndexᐸ") || !strings.Contains(out[at:], "func slicesꓸContainsᐸ") {
		t.Fatalf("want Index's instance before the panic and Contains' after it:\n%s", out)
	}
	p.Record(at) // the cell panicked there
	out, err = p.Prepare("slices.Index([]int{2}, 2), slices.Contains([]string{\"b\"}, \"b\")", imports)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "func slicesꓸIndexᐸǂ5bǂǂ5dǂintꓹintᐳ") || !strings.Contains(out, "func slicesꓸContainsᐸǂ5bǂǂ5dǂstringꓹstringᐳ") {
		t.Errorf("want Contains' instance declared again and Index's not:\n%s", out)
	}
}
