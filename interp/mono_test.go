package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// runCells executes cells in one session and returns its stdout; a cell error fails
// the test.
func runCells(t *testing.T, cells ...string) string {
	t.Helper()
	s, out := newTestSession(t)
	for _, c := range cells {
		if _, err := s.Execute(context.Background(), c); err != nil {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	return out.String()
}

func TestMonoGenericFunctionAndType(t *testing.T) {
	got := runCells(t, `
import "fmt"

type List[T any] struct {
	next *List[T]
	val  T
}

func (l *List[T]) Push(v T) *List[T] { return &List[T]{next: l, val: v} }

func (l *List[U]) Each(f func(U)) {
	for ; l != nil; l = l.next {
		f(l.val)
	}
}

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Sum[N int | float64](xs ...N) (s N) {
	for _, x := range xs {
		s += x
	}
	return s
}

var l *List[string]
l = l.Push("a").Push("b")
l.Each(func(s string) { fmt.Print(s, " ") })
fmt.Println(Map([]int{1, 2}, func(i int) string { return fmt.Sprint(i * 10) }))
fmt.Println(Sum(1, 2, 3), Sum(1.5, 2))
`)
	if want := "b a [10 20]\n6 3.5\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoAcrossCells(t *testing.T) {
	got := runCells(t,
		"type Stack[T any] struct{ items []T }\nfunc (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }\nfunc (s *Stack[T]) Pop() T { v := s.items[len(s.items)-1]; s.items = s.items[:len(s.items)-1]; return v }\nfunc Keys[K comparable, V any](m map[K]V) []K { var ks []K; for k := range m { ks = append(ks, k) }; return ks }",
		"s := &Stack[int]{}\ns.Push(1)\ns.Push(2)",
		// s, from an earlier cell's statement, is known to the type-check.
		"fmt.Println(s.Pop(), len(Keys(map[string]bool{\"a\": true})))",
		// The same instances again are not declared twice.
		"t := &Stack[int]{}\nt.Push(3)\nfmt.Println(t.Pop(), s.Pop())",
		// A pointer type argument is parenthesised where it must be.
		"type P struct{ n int }\nps := &Stack[*P]{}\nps.Push(&P{7})\nfmt.Println(ps.Pop().n)",
	)
	if want := "2 1\n3 1\n7\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoConversionsAndTypeSwitch(t *testing.T) {
	got := runCells(t, `
type Number interface{ ~int | ~int64 | ~float64 }
type Celsius struct{ deg float64 }
func Scale[T Number](x T, by int) T { return x * T(by) }
type Meters float64
func Kind[T any](x T) string {
	switch any(x).(type) {
	case int:
		return "int"
	case Celsius:
		return "celsius"
	}
	return "other"
}
fmt.Println(Scale(Meters(1.5), 2), Scale(3, 3), Kind(Celsius{1}), Kind("s"), Kind[*int](nil))
`)
	if want := "3 9 celsius other other\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoLeavesWhatItCannotName(t *testing.T) {
	// A type declared inside a function cannot be named by a top-level instance: that
	// use stays generic, for yaegi, and the program still runs.
	got := runCells(t, `
func Twice[T any](x T) [2]T { return [2]T{x, x} }
func main() {
	type local struct{ a int }
	fmt.Println(Twice(local{1}), Twice(2))
}
main()
`)
	if want := "[{1} {1}] [2 2]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoKeepsErrorsAsTheyWere(t *testing.T) {
	// A cell that does not type-check is not rewritten: the error is yaegi's, at the
	// cell's own line.
	s, _ := newTestSession(t)
	_, err := s.Execute(context.Background(), "func Id[T any](x T) T { return x }\n\nvar n int = Id(undefinedName)")
	var ce *CellError
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Value, "line 3:") || strings.Contains(ce.Value, "ᐸ") {
		t.Fatalf("got %v, want a compile error on line 3 that names no instance", err)
	}
	// Lines after an instantiated declaration keep their numbers.
	_, err = s.Execute(context.Background(), "func Id2[T any](x T) T { return x }\nfmt.Println(Id2(1))\n\nundefinedName()")
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Value, "line 4:") {
		t.Fatalf("got %v, want a compile error on line 4", err)
	}
}

func TestTypeSwitchMatchesCellTypes(t *testing.T) {
	got := runCells(t, `
type C struct{ d float64 }
func (c C) String() string { return "m" }
func kind(x any) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case int, string:
		return fmt.Sprintf("basic %v", v)
	case fmt.Stringer:
		// A cell's own interface would match here too, but yaegi v0.16.1 cannot
		// bind v then (it panics asserting to an interpreted interface), nor assert
		// to one interface both compiled values (an error) and interpreted ones (C):
		// the first it sees decides how it finds methods.
		return "S " + v.String()
	default:
		return "other"
	}
}
func first(xs []any) (out string) {
loop:
	for _, x := range xs {
		switch x.(type) {
		case C:
			out += "C"
			break loop
		}
		out += "."
	}
	return out
}
fmt.Println(kind(nil), kind(C{1}), kind(1), kind("s"), kind(2.5))
fmt.Println(first([]any{1, "a", C{}, 2}))
var e any = C{}
switch n := 2; e.(type) {
case C:
	fmt.Println("C", n)
}
`)
	if want := "nil S m basic 1 basic s other\n..C\nC 2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCompositeLiteralAmongSeveralValues(t *testing.T) {
	got := runCells(t, `
type P struct{ x int }
func main() {
	s := []int{1}
	a, b := s, []int{9}
	var c, d = s, P{2}
	e, f := P{3}, s
	if g, h := s, (map[int]int{1: 2}); len(h) == 1 {
		fmt.Println(a, b, c, d, e, f, g, h)
	}
}
main()
`)
	if want := "[1] [9] [1] {2} {3} [1] [1] map[1:2]\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestGenericTypeSwitchOnAny(t *testing.T) {
	// case T with T = any matches every non-nil value: yaegi fails assertions to an
	// empty interface, which the instance spells as a nil test.
	got := runCells(t, `
func f[T any](i interface{}) string {
	switch x := i.(type) {
	case T:
		return fmt.Sprint("T ", x)
	case int:
		return "int"
	}
	return "other"
}
fmt.Println(f[any](10), f[float64](1), f[float64](2.5), f[any](nil))
`)
	if want := "T 10 int T 2.5 other\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoHoistsLocalTypeArguments(t *testing.T) {
	// S, declared in main, is a type argument: it moves to the top level so that
	// the instance can name it, and main's uses follow it.
	got := runCells(t, `
func Pair[T any](a, b T) [2]T { return [2]T{a, b} }
type Box[T any] struct{ v T }
func main() {
	type S struct{ a, b float64 }
	type (
		unrelated int
		L struct{ s S }
	)
	p := Pair(S{1, 2}, S{3, 4})
	b := Box[S]{S{5, 6}}
	fmt.Println(p, b.v.a, L{S{7, 8}}, unrelated(9))
}
main()
`)
	if want := "[{1 2} {3 4}] 5 {{7 8}} 9\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoCellRunAgainAndChanged(t *testing.T) {
	cell := "type Box[T any] struct{ v T }\nfunc (b Box[T]) Get() T { return b.v }\nfunc Wrap[T any](v T) Box[T] { return Box[T]{v} }\nfmt.Println(Wrap(1).Get())"
	changed := "type Box[T any] struct{ v T }\nfunc (b Box[T]) Get() T { return b.v }\nfunc Wrap[T any](v T) Box[T] { return Box[T]{v: v} }\nfunc Twice[T any](v T) []T { return []T{v, v} }\nfmt.Println(Twice(Wrap(2).Get()))"
	got := runCells(t, cell, cell, changed, "b := Wrap(\"s\")\nfmt.Println(b.Get())")
	if want := "1\n1\n[2 2]\ns\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMonoWithPackagesWithoutSource(t *testing.T) {
	// Outside a module, as a notebook usually is, there is no source for gonum (it is
	// compiled into the worker). Generic cells after a cell that imported it, and one
	// that uses it, still run.
	t.Chdir(t.TempDir())
	got := runCells(t, "import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(1, 1, []float64{2})\n_ = m",
		"func Id[T any](v T) T { return v }\nfmt.Println(Id(2.0), Id(\"x\"))",
		"fmt.Println(Id(m.At(0, 0)))")
	if want := "2 x\n2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAssignmentsYaegiMisstores(t *testing.T) {
	got := runCells(t, `
type It interface{ Next() int }
type myIt struct{ n int }
func (m myIt) Next() int { return m.n }
type S struct{ it It }
type myint int
func (i myint) String() string { return fmt.Sprint("#", int(i)) }
func main() {
	var s S
	s.it = myIt{1}
	its := []It{nil}
	its[0] = myIt{2}
	m := map[int]myint{1: 7}
	var st fmt.Stringer
	var ok bool
	st, ok = m[1]
	fmt.Println(s.it.Next(), its[0].Next(), st.String(), ok)
	st, ok = m[2]
	fmt.Println(st, ok)
}
main()
`)
	if want := "1 2 #7 true\n#0 false\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAssertionToCellInterface(t *testing.T) {
	got := runCells(t, `
type Shape interface{ Area() float64 }
type Sq struct{ s float64 }
func (q Sq) Area() float64 { return q.s * q.s }
type Pt struct{}
func main() {
	var x interface{} = Sq{2}
	s := x.(Shape)
	v, ok := x.(Shape)
	_, bad := interface{}(Pt{}).(Shape)
	fmt.Println(s.Area(), v.Area(), ok, bad)
	defer func() { fmt.Println("recovered:", recover() != nil) }()
	_ = interface{}(Pt{}).(Shape)
	fmt.Println("no panic")
}
main()
`)
	if want := "4 4 true false\nrecovered: true\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestConstantLenOfArrayPointer(t *testing.T) {
	// len of a pointer to an array is a constant, even for a nil pointer.
	got := runCells(t, "var p *[3]int\nfmt.Println(len(p), cap(p))\nx := interface{}(1).(int)\n_ = x")
	if want := "3 3\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCellValuesKeepTheirMethodsInInterfaces(t *testing.T) {
	got := runCells(t, `
type Shape interface{ Area() float64 }
type Sq struct{ s float64 }
func (q Sq) Area() float64 { return q.s * q.s }
func asAny(q Sq) any { return q }
type holder struct{ v interface{} }
var x interface{} = Sq{1}
var y any
y = Sq{2} // (a *Sq still loses its methods: a limit of yaegi v0.16.1)
xs := []any{Sq{3}}
h := holder{v: Sq{4}}
ch := make(chan any, 1)
ch <- Sq{5}
for _, v := range []any{x, y, asAny(Sq{6}), xs[0], h.v, <-ch, any(Sq{7})} {
	s, ok := v.(Shape)
	fmt.Print(s.Area(), ok, " ")
}
`)
	if want := "1 true 4 true 36 true 9 true 16 true 25 true 49 true "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRewritesKeepValidCells holds cells the rewrites once broke: each ran before
// them, and must still.
func TestRewritesKeepValidCells(t *testing.T) {
	cases := []struct {
		name  string
		cells []string
		want  string
	}{
		{"labeled break out of select at the top level", []string{`
c := make(chan int, 3)
c <- 1
c <- 2
close(c)
loop:
for {
	select {
	case v, ok := <-c:
		if !ok {
			break loop
		}
		fmt.Print(v, " ")
	}
}
fmt.Println("after")`}, "1 2 after\n"},
		{"instances after the types they use", []string{"type Box[T any] struct{ v T }",
			"x := 1\ntype Q struct{ n int }\nvar bq Box[Q]\nfmt.Println(x, bq)"}, "1 {{0}}\n"},
		{"named result hiding a package", []string{`import "net/url"
func parse(s string) (url *url.URL, err error) { return nil, nil }
fmt.Println(parse("x"))`}, "<nil> <nil>\n"},
		{"select operands in Go's order", []string{`
func g(s string) int { fmt.Print(s, " "); return 1 }
type S struct{ c chan int }
func getc(s S) chan int { fmt.Print("chan "); return s.c }
s := S{make(chan int, 1)}
ch := make(chan int, 1)
select {
case ch <- g("value"):
case v := <-getc(s):
	_ = v
}
fmt.Println(len(ch))`}, "value chan 1\n"},
		{"the same label in a closure and its function", []string{`
func drain(a, b chan int) {
	f := func() {
	L:
		for {
			select {
			case <-a:
				break L
			}
		}
	}
L:
	for {
		select {
		case <-b:
			f()
			break L
		}
	}
}
a, b := make(chan int, 1), make(chan int, 1)
a <- 1
b <- 1
drain(a, b)
fmt.Println("drained")`}, "drained\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := runCells(t, c.cells...); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}
