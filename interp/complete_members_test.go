package interp

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// editorCell declares cell types with methods on value and pointer receivers, an
// embedded cell type and an embedded compiled type, each with doc comments.
const editorCell = `// Inner is embedded.
type Inner struct{ Depth int }

// Hello greets.
func (i Inner) Hello() string { return "hi" }

// Stats holds counts.
type Stats struct {
	N int
	Inner
	*strings.Builder
}

// Add adds one.
func (s *Stats) Add() { s.N++ }

// Get returns the count.
func (s Stats) Get() int { return s.N }

// Limit caps the count.
const Limit = 10

// double doubles.
func double(x int) int {
	return 2 * x
}

st := &Stats{Builder: &strings.Builder{}}
sv := Stats{}
var sb strings.Builder`

func newEditorSession(t *testing.T) *Session {
	t.Helper()
	s, _ := newTestSession(t)
	if _, err := s.Execute(context.Background(), editorCell); err != nil {
		t.Fatal(err)
	}
	return s
}

// completionsOf returns the matches of completing code at its end, with the
// signature each shows.
func completionsOf(s *Session, code string) map[string]string {
	r := s.Complete(code, len([]rune(code)))
	out := map[string]string{}
	meta, _ := r.Metadata["_jupyter_types_experimental"].([]map[string]any)
	for i, m := range r.Matches {
		out[m] = ""
		if i < len(meta) {
			out[m], _ = meta[i]["signature"].(string)
		}
	}
	return out
}

func TestCompleteMembersOfCellTypes(t *testing.T) {
	s := newEditorSession(t)
	if _, err := s.Execute(context.Background(), "type Pair[K comparable, V any] struct{ Key K; Val V }\n"+
		"func (p Pair[K, V]) Swap() Pair[K, V] { return p }\nfunc newStats() *Stats { return &Stats{} }\npp := Pair[string, int]{\"a\", 1}\nvar rd io.Reader = strings.NewReader(\"r\")"); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code string
		want map[string]string // match -> signature ("" for any)
		not  []string
	}{
		// A pointer: its methods of both receivers, its fields, and what the
		// embedded Inner and *strings.Builder promote.
		{"st.", map[string]string{"Add": "func()", "Get": "func() int", "N": "int", "Hello": "func() string",
			"Depth": "int", "Inner": "Inner", "WriteString": "func(string) (int, error)", "Len": "func() int"}, nil},
		// A value: the variable is addressable, so its pointer methods count too.
		{"sv.", map[string]string{"Add": "func()", "Get": "func() int", "Hello": "", "N": ""}, nil},
		{"sv.A", map[string]string{"Add": ""}, []string{"Get", "N"}},
		{"st.Wr", map[string]string{"Write": "", "WriteByte": "", "WriteString": ""}, []string{"Add"}},
		// An instance of a generic type, typed from its initializer.
		{"pp.", map[string]string{"Swap": "func() Pair[string, int]", "Key": "string", "Val": "int"}, nil},
		// An interface variable: its type's methods, not those of what it holds.
		{"rd.", map[string]string{"Read": "func([]byte) (int, error)"}, []string{"Len", "Seek"}},
		// Before the cell runs: a variable of a type, or a function's result, of an
		// earlier cell.
		{"fresh := Stats{}\nfresh.", map[string]string{"Add": "func()", "Hello": "func() string", "N": "int"}, nil},
		{"var fresh *Stats\nfresh.G", map[string]string{"Get": "func() int"}, []string{"Add"}},
		{"fresh := newStats()\nfresh.", map[string]string{"Add": "func()"}, nil},
	}
	for _, c := range cases {
		got := completionsOf(s, c.code)
		for name, sig := range c.want {
			gotSig, ok := got[name]
			if !ok {
				t.Errorf("%q: no %s among %v", c.code, name, got)
			} else if sig != "" && gotSig != sig {
				t.Errorf("%q: %s shows %q, want %q", c.code, name, gotSig, sig)
			}
		}
		for _, name := range c.not {
			if _, ok := got[name]; ok {
				t.Errorf("%q: %s offered", c.code, name)
			}
		}
	}
}

func TestCompleteSignatures(t *testing.T) {
	s := newEditorSession(t)
	cases := []struct{ code, name, want string }{
		{"math.P", "Pi", "const Pi untyped float = 3.141592653589793"},
		{"math.MaxInt6", "MaxInt64", "const MaxInt64 untyped int = 9223372036854775807"},
		{"time.Seco", "Second", "const Second time.Duration = 1000000000"},
		{"strings.Fiel", "Fields", "func(string) []string"},
		{"fmt.Sprin", "Sprintf", "func(string, ...interface {}) string"},
		// Methods, without the receiver reflect puts first.
		{"sb.WriteSt", "WriteString", "func(string) (int, error)"},
		// The cells' own names.
		{"Lim", "Limit", "const Limit untyped int = 10"},
		{"doub", "double", "func(x int) int"},
		{"Stat", "Stats", "type Stats struct{N int; Inner; *strings.Builder}"},
	}
	for _, c := range cases {
		got := completionsOf(s, c.code)
		if sig, ok := got[c.name]; !ok || sig != c.want {
			t.Errorf("%q: %s shows %q (offered: %v), want %q", c.code, c.name, sig, ok, c.want)
		}
		for name, sig := range got {
			// go/constant's dynamic types and kind names are no Go a user writes.
			for _, bad := range []string{"constant.", "ratVal", "int64Val", "floatVal", " Float", " Int "} {
				if strings.Contains(sig, bad) {
					t.Errorf("%q: %s shows %q, with %q", c.code, name, sig, bad)
				}
			}
		}
	}
}

// TestCompleteMethodSignatureFromReflect covers the reflect path, which completes the variables the
// type-checked view has no type for.
func TestCompleteMethodSignatureFromReflect(t *testing.T) {
	cases := []struct {
		t    reflect.Type
		name string
		want string
	}{
		{reflect.TypeFor[*strings.Builder](), "WriteString", "func(string) (int, error)"},
		{reflect.TypeFor[*strings.Builder](), "Reset", "func()"},
		{reflect.TypeFor[*strings.Replacer](), "Replace", "func(string) string"},
		{reflect.TypeFor[interface{ Do(int, ...string) error }](), "Do", "func(int, ...string) error"},
	}
	for _, c := range cases {
		m, ok := c.t.MethodByName(c.name)
		if !ok {
			t.Fatalf("%s has no %s", c.t, c.name)
		}
		if got := methodSignature(c.t, m); got != c.want {
			t.Errorf("%s.%s: %q, want %q", c.t, c.name, got, c.want)
		}
	}
	got := map[string]string{}
	for _, c := range valueMembers(reflect.ValueOf(&strings.Builder{})) {
		got[c.text] = c.signature
	}
	if got["WriteString"] != "func(string) (int, error)" {
		t.Errorf("valueMembers: WriteString shows %q", got["WriteString"])
	}
}
