package export

import (
	"strings"
	"testing"
)

func TestStatement(t *testing.T) {
	cases := []struct {
		in   string
		show bool
		want string
	}{
		{"x, err := f()", false, "x, err = f()"},
		{"m := map[string]int{\"a\": 1}", false, "m = map[string]int{\"a\": 1}"},
		{"x = 3", false, "x = 3"},
		{"for i := range xs { xs[i] = 0 }", false, "for i := range xs { xs[i] = 0 }"},
		{"f := func() { y := 2; _ = y }", false, "f = func() { y := 2; _ = y }"},
		{"len(rows)", true, "flow.Show(len(rows))"},
		{"len(rows)", false, "len(rows)"},
		{"fmt.Println(x)", false, "fmt.Println(x)"},
	}
	for _, c := range cases {
		got, err := statement(c.in, c.show)
		if err != nil || got != c.want {
			t.Errorf("statement(%q, %v) = %q, %v; want %q", c.in, c.show, got, err, c.want)
		}
	}
}

func TestVarAssignments(t *testing.T) {
	got, err := varAssignments("var (\n\tx, err = strconv.Atoi(\"3\")\n\ttotal float64 = 2\n\tempty []int\n)")
	want := []string{`x, err = strconv.Atoi("3")`, "total = 2"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("varAssignments = %q, %v; want %q", got, err, want)
	}
	if got, _ := varAssignments("type T int\nconst k = 2\nfunc f() {}"); len(got) != 0 {
		t.Errorf("declarations that are not vars gave %q", got)
	}
}

func TestNames(t *testing.T) {
	if got := slug("3. Fit implicit ALS (the model)"); got != "3-fit-implicit-als-the-model" {
		t.Errorf("slug = %q", got)
	}
	if got := slug("Implicit ALS: recommending artists from play counts"); len(got) > 32 || strings.HasSuffix(got, "-") || !strings.HasPrefix(got, "implicit-als-recommending") {
		t.Errorf("long slug = %q", got)
	}
	if got := stepDirective("x := 1\n  // step: load data\n"); got != "load data" {
		t.Errorf("stepDirective = %q", got)
	}
	if got := stepFunc("load-data-2"); got != "stepLoadData2" {
		t.Errorf("stepFunc = %q", got)
	}
	if got := flowName("/x/My Notebook.ipynb"); got != "my-notebook" {
		t.Errorf("flowName = %q", got)
	}
}

func TestRequireLines(t *testing.T) {
	got := requireLines("module m\n\ngo 1.26\n\nrequire a.b/c v1.0.0\n\nrequire (\n\tx.y/z v0.2.0 // indirect\n\tq.r/s v1.2.3\n)\n")
	want := []string{"a.b/c v1.0.0", "q.r/s v1.2.3", "x.y/z v0.2.0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("requireLines = %q", got)
	}
}

func TestPruneImports(t *testing.T) {
	src := "package main\n\nimport (\n\tcsv \"encoding/csv\"\n\tfmt \"fmt\"\n\t\"math/rand/v2\"\n\tos \"os\"\n)\n\nfunc main() { fmt.Println(rand.IntN(2)); os.Exit(0) }\n"
	got, err := pruneImports(src)
	if err != nil || strings.Contains(got, "encoding/csv") || !strings.Contains(got, "math/rand/v2") || !strings.Contains(got, `fmt "fmt"`) {
		t.Errorf("pruneImports: %v\n%s", err, got)
	}
}
