package interp

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestCompleteTokensCallee(t *testing.T) {
	cases := []struct {
		code string
		want []string
	}{
		{"strings.Split(", []string{"strings", "Split"}},
		{"a.b.c(x, ", []string{"a", "b", "c"}},
		{"f(g(1), ", []string{"f"}},
		{"f((1 + ", []string{"f"}},
		{"f(\")\", ", []string{"f"}},
		{"f(1) // (\n", nil},
		{"(1 + ", nil},
		{"func (s *T) M(", []string{"M"}},
		{"x := 1", nil},
	}
	for _, c := range cases {
		if got := calleeAt(scanCell(c.code), len(c.code)); !slices.Equal(got, c.want) {
			t.Errorf("%q: callee %q, want %q", c.code, got, c.want)
		}
	}
}

// TestCompleteAndInspectAnyCursor asks for completion and inspection at every
// position of cells a user is in the middle of writing: no request may fail, and
// every reply replaces a range that is inside the code and ends at the cursor.
func TestCompleteAndInspectAnyCursor(t *testing.T) {
	s := newEditorSession(t)
	cells := []string{
		"import (\n\t\"fmt\"\n\tj \"encoding/",
		"st.Add(strings.Split(\"a,b\", \",\")[0], ",
		"// ü comment (\nfmt.Println(`raw (\n",
		"x := 'a' + \"\\\"(\"\nst.",
		"type T struct{ A int }\nfunc (t T) M() {}\nv := T{}\nv.",
		"\x00\xff(\"",
	}
	for _, code := range cells {
		n := utf8.RuneCountInString(code)
		for cursor := 0; cursor <= n; cursor++ {
			r := s.Complete(code, cursor)
			if r.CursorEnd != cursor && utf8.ValidString(code) || r.CursorStart > r.CursorEnd || r.CursorEnd > n {
				t.Errorf("%q at %d: replaces %d..%d", code, cursor, r.CursorStart, r.CursorEnd)
			}
			s.Inspect(code, cursor, 0)
			s.Inspect(code, cursor, 1)
		}
	}
}
