package interp

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// verbRecorder records the verbs fmt formats it with.
type verbRecorder struct{ verbs *[]rune }

func (r verbRecorder) Format(f fmt.State, verb rune) { *r.verbs = append(*r.verbs, verb) }

// TestScanFormatAgreesWithFmt checks that scanFormat gives each argument the verbs
// fmt formats it with (fmt handles %T and %p before it asks a Formatter, and takes a
// * width without formatting).
func TestScanFormatAgreesWithFmt(t *testing.T) {
	formats := []string{
		"%v %d %s", "%[2]d %[1]v", "%[1]d %[1]x %v", "%*d %v", "%-*.*f|%v", "%.*s %q",
		"%[3]*.[2]*[1]f", "%%d %v", "%v %", "%[5]d %v", "%[0]d", "%!d", "%T %p %v",
		"%#v %+v %x %X", "%[2]*d", "%d %d %d %d", "no verbs", "%é %v", "%3.[2]d", "%[1]2d %v",
		"%.[2]d", "%w %v", "%08.3f %-5s", "[%v]", "%[1]v [x]",
	}
	for _, format := range formats {
		const n = 3
		recorded := make([][]rune, n)
		args := make([]any, n)
		for i := range args {
			args[i] = verbRecorder{&recorded[i]}
		}
		_ = fmt.Sprintf(format, args...)
		uses := scanFormat(format, n)
		for i := range n {
			var want []rune
			for _, v := range uses[i].verbs {
				if v.verb == 'T' || v.verb == 'p' {
					continue
				}
				if v.verb == 'w' {
					continue // Sprintf's %w is %!w, without asking
				}
				want = append(want, v.verb)
			}
			if !slices.Equal(recorded[i], want) {
				t.Errorf("%q, argument %d: fmt formats it with %q, scanFormat says %q", format, i, string(recorded[i]), string(want))
			}
		}
	}
}

func TestPlanParse(t *testing.T) {
	cases := []struct {
		text string
		ok   bool
	}{
		{".", true}, {"(S0).", true}, {"[(S0).", true}, {"M(S0)..", true}, {"{1:(S0).3:[(E1F2).}", true},
		{"*(S0)*.", true}, {"#0={0:(S0).1:[#0}", true}, {"(S0)", false}, {"[", false}, {"#1", false},
		{"(X0).", false}, {"{1(S0).}", false}, {"..", false},
	}
	for _, c := range cases {
		p, err := planOf(c.text)
		if (err == nil) != c.ok {
			t.Errorf("planOf(%q): %v, want ok %v", c.text, err, c.ok)
		}
		if err == nil && p == nil {
			t.Errorf("planOf(%q): nil plan", c.text)
		}
	}
	tree, _ := planOf("#0={0:(S0).1:[#0}")
	if tree.fields[1].elem != tree || tree.fields[0].holder == nil || tree.fields[0].holder.string != 0 {
		t.Errorf("recursive plan: %+v", tree)
	}
}

// cellStruct builds a struct type the way the interpreter builds a cell's
// struct{ Name string; note string }, its unexported field tagged by the pipeline.
func cellStruct() reflect.Type {
	return reflect.StructOf([]reflect.StructField{
		{Name: "Name", Type: reflect.TypeFor[string](), Tag: `json:"name"`},
		{Name: "Xnote", Type: reflect.TypeFor[string](), Tag: `gokernel:"unexported" json:"-" xml:"-" db:"n"`},
	})
}

func TestPresentLookalike(t *testing.T) {
	rt := cellStruct()
	v := reflect.New(rt).Elem()
	v.Field(0).SetString("Nas")
	v.Field(1).SetString("x")
	e := &fmtEnv{}
	ptr := reflect.New(rt)
	ptr.Elem().Set(v)
	slice := reflect.MakeSlice(reflect.SliceOf(rt), 1, 1)
	slice.Index(0).Set(v)
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), rt))
	m.SetMapIndex(reflect.ValueOf("k"), v)
	for _, c := range []struct {
		format string
		arg    any
		want   string
	}{
		{"%+v", v.Interface(), "{Name:Nas note:x}"},
		{"%v", v.Interface(), "{Nas x}"},
		{"%+v", ptr.Interface(), "&{Name:Nas note:x}"},
		{"%+v", slice.Interface(), "[{Name:Nas note:x}]"},
		{"%+v", m.Interface(), "map[k:{Name:Nas note:x}]"},
		{"%+v", []any{v.Interface(), 1}, "[{Name:Nas note:x} 1]"},
		{"%#v", v.Interface(), `struct { Name string "json:\"name\""; note string "db:\"n\"" }{Name:"Nas", note:"x"}`},
		{"%d", 42, "42"},
	} {
		f, a := e.presentf(c.format, []any{c.arg})
		if got := fmt.Sprintf(f, a...); got != c.want {
			t.Errorf("%s of %T: %s, want %s", c.format, c.arg, got, c.want)
		}
	}
	// %p keeps the pointer.
	if f, a := e.presentf("%p", []any{ptr.Interface()}); fmt.Sprintf(f, a...) != fmt.Sprintf("%p", ptr.Interface()) {
		t.Error("presenting changed the address a pointer prints")
	}
}

func TestFmtValueVerbs(t *testing.T) {
	e := &fmtEnv{}
	name := func(g int) string { return [...]string{"Rock", "Jazz"}[g] }
	genre := e.Fmt(1, "main.Genre", "(S0).", name)
	genres := e.Fmt([]int{0, 1}, "[]main.Genre", "[(S0).", name)
	counts := e.Fmt(map[int]int{1: 5, 0: 3}, "map[main.Genre]int", "M(S0)..", name)
	for _, c := range []struct {
		format string
		args   []any
		want   string
	}{
		{"%v %s %d %q %x %5v|%-5s|", []any{genre, genre, genre, genre, genre, genre, genre}, `Jazz Jazz 1 "Jazz" 4a617a7a  Jazz|Jazz |`},
		{"%v %d %T %T", []any{genres, genres, genres, genre}, "[Rock Jazz] [0 1] []main.Genre main.Genre"},
		{"%v", []any{counts}, "map[Rock:3 Jazz:5]"},
		{"%*d|", []any{e.Fmt(3, "main.Genre", "(S0).", name), 7}, "  7|"},
	} {
		f, a := e.presentf(c.format, c.args)
		if got := fmt.Sprintf(f, a...); got != c.want {
			t.Errorf("%s: %q, want %q", c.format, got, c.want)
		}
	}
	var b strings.Builder
	e.fprint(&b, []any{e.Fmt("a", "main.C", "(S0).", func(s string) string { return "c" + s }), e.Fmt("b", "main.C", "(S0).", func(s string) string { return "c" + s }), 1, 2})
	if b.String() != "cacb1 2" {
		t.Errorf("Print spacing: %q", b.String())
	}
}
