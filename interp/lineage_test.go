package interp

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestCellLineage runs cells one after another in one session and checks what each
// one's lineage says it defined, read and changed: changes are confirmed by value
// hashes, so a method with a value receiver changes nothing, and a change through an
// alias (b := a[:2]; b[0] = 9) is a change of a too.
func TestCellLineage(t *testing.T) {
	s, _ := newTestSession(t)
	for _, c := range []struct {
		code                            string
		defined, read, changed, unconfd string // comma-separated
		fails                           bool
	}{
		{code: "a := []int{1, 2, 3}", defined: "a"},
		{code: "b := a[:2]", defined: "b", read: "a"},
		{code: "b[0] = 9", read: "b", changed: "a,b"},
		{code: "fmt.Println(a, b)", read: "a,b"},
		// A count cannot share memory with the slice it counts: changing it is no
		// reason to hash a again.
		{code: "na := len(a)", defined: "na", read: "a"},
		{code: "na++", read: "na", changed: "na"},
		{code: "type C struct{ n int }\nfunc (c *C) Inc() { c.n++ }\nfunc (c C) Get() int { return c.n }\nc := C{}",
			defined: "C,C.Get,C.Inc,c"},
		// The type-check says whose methods they are.
		{code: "c.Inc()", read: "C.Inc,c", changed: "c"},
		{code: "n := c.Get()", defined: "n", read: "C.Get,c"},
		{code: "m := map[string]int{}", defined: "m"},
		{code: `m["x"] = 1`, read: "m", changed: "m"},
		{code: `m["x"] = 1`, read: "m"}, // the same value again: no change
		{code: "f := func() int { return 1 }", defined: "f"},
		{code: "func call(g func() int) int { return g() }\ncall(f)", defined: "call", read: "f", unconfd: "f"},
		{code: "undefinedName + 1", fails: true},
		// Interface values of the cells' types: yaegi wraps them with its own AST.
		{code: "type Shape interface{ Area() float64 }\ntype Sq struct{ s float64 }\nfunc (q Sq) Area() float64 { return q.s * q.s }\nvar sh Shape = Sq{2}\nshapes := []Shape{Sq{1}}",
			defined: "Shape,Sq,Sq.Area,sh,shapes"},
		{code: "sh = Sq{3}", read: "Sq", changed: "sh"},
		{code: "shapes[0] = Sq{1}", read: "Sq,shapes"},
		{code: "shapes[0] = Sq{5}", read: "Sq,shapes", changed: "shapes"},
		// A recursive type: yaegi builds it with a stand-in field type and patches it.
		{code: "type Node struct{ V int; Next *Node }\nhead := &Node{V: 1, Next: &Node{V: 2}}", defined: "Node,head"},
		{code: "head.Next.V = 5", read: "head", changed: "head"},
		// a's array is full: append copies it, and b keeps the old one.
		{code: "a = append(a, 4)", read: "a", changed: "a"},
	} {
		trace := s.TraceCell(c.code)
		_, err := s.Execute(context.Background(), c.code)
		if (err != nil) != c.fails {
			t.Fatalf("%q: error %v", c.code, err)
		}
		l := trace.Finish(err)
		for _, f := range []struct {
			what      string
			got, want []string
		}{
			{"defined", l.Defined, split(c.defined)},
			{"read", l.Read, split(c.read)},
			{"changed", l.Changed, split(c.changed)},
			{"unconfirmed", l.Unconfirmed, split(c.unconfd)},
		} {
			if !slices.Equal(f.got, f.want) {
				t.Errorf("%q: %s %q, want %q", c.code, f.what, f.got, f.want)
			}
		}
		for _, name := range append(l.Changed, l.Defined...) {
			v, isVar := s.globals()[name]
			if !isVar {
				continue
			}
			hashable := v.Kind() != reflect.Func
			if got := l.Hashes[name]; strings.HasPrefix(got, "xxh3-128:") != hashable {
				t.Errorf("%q: hash of %s is %q", c.code, name, got)
			}
		}
	}
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// TestCellTraceHashesOnlyWhatMayShareMemory checks which variables a cell's trace
// hashes: those it may change and those that may share memory with them, not a
// slice a count was taken of.
func TestCellTraceHashesOnlyWhatMayShareMemory(t *testing.T) {
	s, _ := newTestSession(t)
	for _, code := range []string{"data := []float64{1, 2, 3}", "na := len(data)", "head := data[:2]"} {
		trace := s.TraceCell(code)
		_, err := s.Execute(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		trace.Finish(err)
	}
	for _, c := range []struct{ code, want string }{
		{"na++", "na"},
		{"head[0] = 5", "data,head"},
	} {
		if got := strings.Join(s.TraceCell(c.code).candidates, ","); got != c.want {
			t.Errorf("%q hashes %q, want %q", c.code, got, c.want)
		}
	}
}
