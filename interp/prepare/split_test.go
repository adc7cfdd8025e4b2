package prepare

import (
	"strings"
	"testing"
)

func TestSplitCell(t *testing.T) {
	cases := []struct {
		name string
		code string
		want []string // kind of each chunk: "decl" or "stmt", imports first
	}{
		{"statements only", "x := 1\nx++", []string{"stmt"}},
		{"imports then code", "import \"fmt\"\nfmt.Println(1)", []string{"decl", "stmt"}},
		{"import at the end goes first", "x := strings.ToUpper(\"a\")\nimport \"strings\"", []string{"decl", "stmt"}},
		{"declarations then statements", "type T int\nfunc f() {}\nf()", []string{"decl", "stmt"}},
		{"interleaved", "a := 1\nfunc g() int { return 2 }\nb := g()", []string{"stmt", "decl", "stmt"}},
		{"method is a declaration", "type T struct{}\nfunc (t *T) M() {}", []string{"decl"}},
		{"func literal call is a statement", "func() { println(1) }()", []string{"stmt"}},
		{"for header keeps its semicolons", "for i := 0; i < 3; i++ {\n}", []string{"stmt"}},
		{"var and const are declarations", "var v = 1\nconst c = 2", []string{"decl"}},
		{"comments only", "// nothing", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chunks, err := SplitCell(c.code)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ch := range chunks {
				if ch.Kind == DeclChunk {
					got = append(got, "decl")
				} else {
					got = append(got, "stmt")
				}
				// Every chunk keeps its items on their cell lines.
				lines := strings.Split(ch.Src, "\n")
				for _, it := range ch.Items {
					text := c.code[it.Start:it.End]
					first, _, _ := strings.Cut(text, "\n")
					if it.Line > len(lines) || !strings.Contains(lines[it.Line-1], first) {
						t.Errorf("Item %q is not on line %d of %q", text, it.Line, ch.Src)
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("chunks %v, want %v", got, c.want)
			}
		})
	}
}

func TestSplitCellReportsScanErrors(t *testing.T) {
	if _, err := SplitCell("s := `unterminated"); err == nil {
		t.Error("an unterminated raw string was accepted")
	}
}
