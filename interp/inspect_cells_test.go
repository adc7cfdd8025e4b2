package interp

import (
	"context"
	"strings"
	"testing"
)

func TestInspectCellDeclarations(t *testing.T) {
	s := newEditorSession(t)
	if _, err := s.Execute(context.Background(), "type (\n\t// Celsius is a temperature.\n\tCelsius float64\n\tKelvin  float64\n)\n"+
		"// Scale is how far.\nconst (\n\tSmall = iota\n\tLarge\n)\n"+
		"var k = 1 // no doc: a line comment\nx := 3\n// Add adds one, redefined.\nfunc (s *Stats) Add() { s.N += 1 }"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Execute(context.Background(), "x++ // a statement's comment\n// Shout shouts.\nfunc (i Inner) Shout() string { return \"HI\" }\n"+
		"// Pair is two.\ntype Pair[K comparable, V any] struct{ Key K; Val V }\n// Swap swaps.\nfunc (p Pair[K, V]) Swap() Pair[K, V] { return p }\n"+
		"pp := Pair[string, int]{\"a\", 1}\nvar rd io.Reader = strings.NewReader(\"r\")"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code   string
		detail int
		want   []string
		not    []string
	}{
		{"Stats", 0, []string{"type Stats struct {\n\tN int", "\n\nStats holds counts."}, nil},
		{"Inner", 0, []string{"type Inner struct{ Depth int }\n\nInner is embedded."}, nil},
		// The newest declaration of a method, with its comment.
		{"st.Add", 0, []string{"func (s *Stats) Add()\n\nAdd adds one, redefined."}, []string{"s.N"}},
		{"sv.Add", 0, []string{"func (s *Stats) Add()"}, nil},
		{"st.Get", 0, []string{"func (s Stats) Get() int\n\nGet returns the count."}, nil},
		{"Stats.Get", 0, []string{"func (s Stats) Get() int"}, nil},
		// Promoted: from a cell type, and from a compiled one with its package's doc.
		{"st.Hello", 0, []string{"func (i Inner) Hello() string\n\nHello greets."}, nil},
		{"st.WriteString", 0, []string{"func (b *Builder) WriteString(s string) (int, error)", "appends the contents of s"}, nil},
		{"st.N", 0, []string{"field N int"}, nil},
		{"double", 0, []string{"func double(x int) int\n\ndouble doubles."}, []string{"return"}},
		{"double", 1, []string{"// double doubles.\nfunc double(x int) int {\n\treturn 2 * x\n}"}, nil},
		{"Celsius", 0, []string{"type Celsius float64\n\nCelsius is a temperature."}, []string{"Kelvin"}},
		{"Kelvin", 0, []string{"type Kelvin  float64"}, []string{"temperature"}},
		{"Limit", 0, []string{"const Limit untyped int = 10\n\nLimit caps the count."}, nil},
		{"Large", 0, []string{"const Large untyped int = 1", "Scale is how far."}, nil},
		{"k", 0, []string{"var k int", "1"}, []string{"no doc"}},
		{"x", 0, []string{"var x int\n\n4"}, nil},
		// A comment after a statement is no part of the doc comment below it.
		{"st.Shout", 0, []string{"func (i Inner) Shout() string\n\nShout shouts."}, []string{"statement"}},
		// Generic declarations, which the session's records leave to the pipeline.
		{"Pair", 0, []string{"type Pair[K comparable, V any] struct{ Key K; Val V }\n\nPair is two."}, nil},
		{"pp.Swap", 0, []string{"func (p Pair[K, V]) Swap() Pair[K, V]\n\nSwap swaps."}, nil},
		// A method of an interface, documented by its package.
		{"rd.Read", 0, []string{"func (Reader) Read(p []byte) (n int, err error)\n\nReader is the interface"}, nil},
	}
	for _, c := range cases {
		r := s.Inspect(c.code, len(c.code), c.detail)
		text, _ := r.Data["text/plain"].(string)
		if !r.Found {
			t.Errorf("%q: not found", c.code)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(text, w) {
				t.Errorf("%q (detail %d): %q lacks %q", c.code, c.detail, text, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(text, n) {
				t.Errorf("%q (detail %d): %q has %q", c.code, c.detail, text, n)
			}
		}
	}
}

func TestInspectCall(t *testing.T) {
	s := newEditorSession(t)
	cases := []struct {
		code   string
		cursor int // bytes; -1: the end
		want   string
	}{
		{"strings.Split(", -1, "func Split(s, sep string) []string\n\nSplit slices s"},
		{"strings.Split(s, ", -1, "func Split(s, sep string) []string"},
		// On an argument, the call still; as in IPython.
		{"strings.Split(s, sep", -1, "func Split(s, sep string) []string"},
		{"strings.Split(s, sep)", 16, "func Split(s, sep string) []string"},
		{"st.Add(", -1, "func (s *Stats) Add()\n\nAdd adds one."},
		{"double(", -1, "func double(x int) int\n\ndouble doubles."},
		// The innermost call, through grouping parentheses, not past a closed call.
		{"fmt.Println(strings.Split(", -1, "func Split(s, sep string) []string"},
		{"fmt.Println(strings.Split(a, b), ", -1, "func Println(a ...any) (n int, err error)"},
		{"fmt.Println((1 + ", -1, "func Println(a ...any) (n int, err error)"},
		// A parenthesis in a string is no call.
		{`strings.Split("(", `, -1, "func Split(s, sep string) []string"},
		// Outside any call, the name under the cursor.
		{"strings.Split(a, b)\nstrings.Fields", -1, "func Fields(s string) []string"},
	}
	for _, c := range cases {
		cursor := c.cursor
		if cursor < 0 {
			cursor = len(c.code)
		}
		r := s.Inspect(c.code, cursor, 0)
		text, _ := r.Data["text/plain"].(string)
		if !r.Found || !strings.HasPrefix(text, c.want) {
			t.Errorf("%q at %d: found=%v %q, want it to start %q", c.code, cursor, r.Found, text, c.want)
		}
	}
	if r := s.Inspect("strings.Split(a, b)", 19, 0); r.Found {
		t.Errorf("after a closed call: %q", r.Data["text/plain"])
	}
}
