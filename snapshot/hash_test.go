package snapshot_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/zeebo/xxh3"
	"gonum.org/v1/gonum/mat"

	"github.com/gokernel/gokernel/snapshot"
)

type record struct {
	Name  string
	score float64
	tags  []string
	next  *record
}

type node struct {
	Val  int
	Next *node
}

type point struct{ X, Y int }

// cycle returns a ring of n nodes holding 0 … n-1.
func cycle(n int) *node {
	head := &node{Val: 0}
	tail := head
	for i := 1; i < n; i++ {
		tail.Next = &node{Val: i}
		tail = tail.Next
	}
	tail.Next = head
	return head
}

// list returns a list of n nodes holding 0 … n-1.
func list(n int) *node {
	var head *node
	for i := n - 1; i >= 0; i-- {
		head = &node{Val: i, Next: head}
	}
	return head
}

func mustHash(t *testing.T, x any) snapshot.Sum {
	t.Helper()
	s, err := snapshot.HashValue(x)
	if err != nil {
		t.Fatalf("HashValue(%T): %v", x, err)
	}
	return s
}

func dense(data ...float64) *mat.Dense { return mat.NewDense(2, 2, data) }

func TestHashEqual(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name string
		a, b func() any
	}{
		{"map insertion order",
			func() any {
				m := map[string]int{}
				for i := range 100 {
					m[strconv.Itoa(i)] = i
				}
				return m
			},
			func() any {
				m := map[string]int{}
				for i := 99; i >= 0; i-- {
					m[strconv.Itoa(i)] = i
				}
				return m
			}},
		{"struct keys",
			func() any { return map[point]string{{1, 2}: "a", {2, 1}: "b", {0, 0}: "c"} },
			func() any { return map[point]string{{0, 0}: "c", {2, 1}: "b", {1, 2}: "a"} }},
		{"interface keys",
			func() any { return map[any]int{1: 1, "1": 2, int8(1): 3, point{1, 1}: 4} },
			func() any { return map[any]int{point{1, 1}: 4, int8(1): 3, "1": 2, 1: 1} }},
		{"structs with unexported fields",
			func() any { return record{"a", 1.5, []string{"x"}, &record{Name: "b"}} },
			func() any { return record{"a", 1.5, []string{"x"}, &record{Name: "b"}} }},
		{"cycles built apart", func() any { return cycle(5) }, func() any { return cycle(5) }},
		{"sharing built apart",
			func() any { p := &point{1, 2}; return []*point{p, p} },
			func() any { p := &point{1, 2}; return []*point{p, p} }},
		{"nil func and chan",
			func() any {
				return struct {
					F func()
					C chan int
				}{}
			},
			func() any {
				return struct {
					F func()
					C chan int
				}{}
			}},
		{"monotonic clock reading",
			func() any { return now },
			func() any { return now.Round(0) }},
		{"time in a struct",
			func() any { return struct{ T time.Time }{now} },
			func() any { return struct{ T time.Time }{now.Round(0)} }},
		{"location",
			func() any { return []*time.Location{time.FixedZone("X", 3600)} },
			func() any { return []*time.Location{time.FixedZone("X", 3600)} }},
		{"big.Int",
			func() any { return big.NewInt(6) },
			func() any { return new(big.Int).Mul(big.NewInt(2), big.NewInt(3)) }},
		{"big.Rat",
			func() any { return big.NewRat(1, 3) },
			func() any { return big.NewRat(2, 6) }},
		{"big.Float",
			func() any { return big.NewFloat(0.5) },
			func() any { return new(big.Float).Quo(big.NewFloat(1), big.NewFloat(2)) }},
		{"mat.Dense",
			func() any { return dense(1, 2, 3, 4) },
			func() any {
				m := mat.NewDense(2, 2, nil)
				m.Set(0, 0, 1)
				m.Set(0, 1, 2)
				m.Set(1, 0, 3)
				m.Set(1, 1, 4)
				return m
			}},
		{"self-encoding ignores what its encoder leaves out",
			func() any { return opaque{id: 7, cache: map[string]int{"x": 1}} },
			func() any { return opaque{id: 7} }},
		{"self-encoding through the address",
			func() any { return opaquePtr{id: 7, cache: 1} },
			func() any { return opaquePtr{id: 7, cache: 2} }},
		{"nested interfaces",
			func() any { return []any{1, "a", []any{nil, 2.5}, map[string]any{"k": []int{1}}} },
			func() any { return []any{1, "a", []any{nil, 2.5}, map[string]any{"k": []int{1}}} }},
		{"blank fields", // Go leaves them out of ==, so must the hash.
			func() any { return struct{ A, _ int }{1, 2} },
			func() any { return struct{ A, _ int }{1, 3} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := mustHash(t, tt.a()), mustHash(t, tt.b()); a != b {
				t.Errorf("hashes differ: %v and %v", a, b)
			}
		})
	}
}

type celsius float64

func TestHashDiffers(t *testing.T) {
	now := time.Now()
	shared, copied := &point{1, 2}, &point{1, 2}
	row := []int{1, 2}
	tests := []struct {
		name string
		a, b any
	}{
		{"nil and empty slice", []int(nil), []int{}},
		{"nil and empty map", map[string]int(nil), map[string]int{}},
		{"nil pointer and pointer to zero", (*int)(nil), new(int)},
		{"nil and nil-valued entry", map[string]any{}, map[string]any{"k": nil}},
		{"changed element", []float64{1, 2, 3}, []float64{1, 2, 4}},
		{"changed unexported field", record{Name: "a", score: 1}, record{Name: "a", score: 2}},
		{"changed unexported slice", record{tags: []string{"x"}}, record{tags: []string{"y"}}},
		{"changed map value", map[string]int{"a": 1, "b": 2}, map[string]int{"a": 1, "b": 3}},
		{"changed map key", map[string]int{"a": 1}, map[string]int{"b": 1}},
		{"shared and copied pointers", []*point{shared, shared}, []*point{shared, copied}},
		{"shared and copied slices", [][]int{row, row}, [][]int{row, {1, 2}}},
		{"int32 and uint32 in an interface", []any{int32(1)}, []any{uint32(1)}},
		{"int32 and uint32 at the root", int32(1), uint32(1)},
		{"named and unnamed type", celsius(1), float64(1)},
		{"zero and negative zero", 0.0, math.Copysign(0, -1)},
		{"string boundaries", []string{"ab", "c"}, []string{"a", "bc"}},
		{"struct field boundaries", struct{ A, B string }{"ab", ""}, struct{ A, B string }{"a", "b"}},
		{"cycle lengths", cycle(2), cycle(3)},
		{"cycle and list", cycle(3), list(3)},
		{"location", now, now.In(time.FixedZone("X", 3600))},
		{"instant", now, now.Add(time.Nanosecond)},
		{"location name", time.FixedZone("X", 0), time.FixedZone("Y", 0)},
		{"big.Int", big.NewInt(6), big.NewInt(7)},
		{"mat.Dense", dense(1, 2, 3, 4), dense(1, 2, 3, 5)},
		{"nil and empty interface slice", []any{nil}, []any{[]any{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := mustHash(t, tt.a), mustHash(t, tt.b); a == b {
				t.Errorf("hashes equal: %v", a)
			}
		})
	}
}

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

// TestHashSeesChangesThroughAliases covers what lineage relies on: a cell
// can change a variable without assigning it.
func TestHashSeesChangesThroughAliases(t *testing.T) {
	a := []int{1, 2, 3}
	before := mustHash(t, a)
	b := a[:2]
	b[0] = 9
	if mustHash(t, a) == before {
		t.Error("writing through a subslice left the hash of the slice unchanged")
	}

	c := &counter{}
	before = mustHash(t, c)
	c.inc()
	if mustHash(t, c) == before {
		t.Error("a pointer-receiver method left the hash of its receiver unchanged")
	}

	m := map[string][]int{"k": {1}}
	before = mustHash(t, m)
	m["k"][0] = 2
	if mustHash(t, m) == before {
		t.Error("writing into a map's slice value left the hash of the map unchanged")
	}
}

func TestHashCycles(t *testing.T) {
	self := []any{nil}
	self[0] = self
	selfMap := map[string]any{}
	selfMap["me"] = selfMap
	p := new(any)
	*p = p
	r := &record{Name: "x"}
	r.next = r
	for name, x := range map[string]any{
		"ring":                       cycle(4),
		"slice holding itself":       self,
		"map holding itself":         selfMap,
		"pointer to itself":          p,
		"struct reaching itself":     r,
		"value reached twice by map": map[string]*node{"a": cycle(1), "b": cycle(1)},
	} {
		t.Run(name, func(t *testing.T) {
			if a, b := mustHash(t, x), mustHash(t, x); a != b {
				t.Errorf("hashing twice gave %v and %v", a, b)
			}
		})
	}
}

func TestHashDepth(t *testing.T) {
	if _, err := snapshot.HashValue(list(50_000)); err != nil {
		t.Errorf("list of 50,000 nodes: %v", err)
	}
	var ue *snapshot.UnhashableError
	if _, err := snapshot.HashValue(list(200_000)); !errors.As(err, &ue) || !strings.Contains(ue.Reason, "deep") {
		t.Errorf("list of 200,000 nodes: got %v, want an UnhashableError about depth", err)
	}
}

// TestHashStructOf hashes values of struct types built as yaegi builds the
// types declared in cells.
func TestHashStructOf(t *testing.T) {
	typ := reflect.StructOf([]reflect.StructField{
		{Name: "A", Type: reflect.TypeFor[int]()},
		{Name: "b", Type: reflect.TypeFor[[]string](), PkgPath: "main"},
		{Name: "C", Type: reflect.TypeFor[map[string]float64]()},
	})
	build := func(a int, b ...string) reflect.Value {
		v := reflect.New(typ).Elem()
		v.Field(0).SetInt(int64(a))
		f := v.Field(1)
		reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Set(reflect.ValueOf(b))
		v.Field(2).Set(reflect.ValueOf(map[string]float64{"x": 1}))
		return v
	}
	hash := func(v reflect.Value) snapshot.Sum {
		t.Helper()
		s, err := snapshot.Hash(v, snapshot.HashOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	x, again, y := hash(build(1, "x")), hash(build(1, "x")), hash(build(1, "y"))
	if x != again {
		t.Error("equal values hash differently")
	}
	if x == y {
		t.Error("values differing in an unexported field hash the same")
	}

	// Behind an interface, where the struct is not addressable.
	inIface := func(s string) any { return []any{build(1, s).Interface()} }
	x, again, y = mustHash(t, inIface("x")), mustHash(t, inIface("x")), mustHash(t, inIface("y"))
	if x != again {
		t.Error("equal values in interfaces hash differently")
	}
	if x == y {
		t.Error("values in interfaces differing in an unexported field hash the same")
	}
}

// opaque encodes only its id: the hash must go through MarshalBinary.
type opaque struct {
	id    int
	cache map[string]int
}

func (o opaque) MarshalBinary() ([]byte, error) { return []byte(strconv.Itoa(o.id)), nil }

type opaquePtr struct{ id, cache int }

func (o *opaquePtr) MarshalBinary() ([]byte, error) { return []byte(strconv.Itoa(o.id)), nil }

type failing struct{}

func (failing) MarshalBinary() ([]byte, error) { return nil, errors.New("not today") }

type panicking struct{ m *mat.Dense }

func (p panicking) MarshalBinary() ([]byte, error) { return p.m.MarshalBinary() }

func TestHashUnhashable(t *testing.T) {
	ch := make(chan int)
	x := 1
	tests := []struct {
		name     string
		value    any
		path     string
		typ      string
		inReason string
	}{
		{"func field", struct{ F func() }{func() {}}, ".F", "func()", "func"},
		{"chan element", []any{1, ch}, "[1]", "chan int", "channel"},
		{"nested", struct{ f []any }{[]any{0, 1, 2, func() {}}}, ".f[3]", "func()", "func"},
		{"map value", map[string]struct{ C chan int }{"k": {ch}}, `["k"].C`, "chan int", "channel"},
		{"behind a pointer", &struct{ P *struct{ F func() } }{&struct{ F func() }{func() {}}}, ".P.F", "func()", "func"},
		{"uintptr", uintptr(5), "", "uintptr", "address"},
		{"unsafe.Pointer", unsafe.Pointer(&x), "", "unsafe.Pointer", "memory"},
		{"encoder error", []failing{{}}, "[0]", "snapshot_test.failing", "not today"},
		{"encoder panic", map[int]panicking{1: {}}, "[1]", "snapshot_test.panicking", "panicked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := snapshot.HashValue(tt.value)
			var ue *snapshot.UnhashableError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want an *UnhashableError", err)
			}
			if ue.Path != tt.path || ue.Type != tt.typ || !strings.Contains(ue.Reason, tt.inReason) {
				t.Errorf("got path %q, type %q, reason %q; want %q, %q, a reason with %q", ue.Path, ue.Type, ue.Reason, tt.path, tt.typ, tt.inReason)
			}
		})
	}
}

func TestHashUnhashableKey(t *testing.T) {
	_, err := snapshot.HashValue(map[chan int]bool{make(chan int): true})
	var ue *snapshot.UnhashableError
	if !errors.As(err, &ue) || ue.Type != "chan int" || !strings.HasPrefix(ue.Path, "[(chan int)(0x") || strings.Count(ue.Path, "[") != 1 {
		t.Errorf("got %v, want an *UnhashableError for the chan key", err)
	}
}

func TestHashBudget(t *testing.T) {
	data := make([]float64, 1<<17) // 1 MiB
	unlimited := mustHash(t, data)
	for _, tt := range []struct {
		budget int64
		want   error
	}{
		{0, nil},
		{1000, snapshot.ErrOverBudget},
		{1 << 20, snapshot.ErrOverBudget},
		{2 << 20, nil},
	} {
		sum, err := snapshot.Hash(reflect.ValueOf(data), snapshot.HashOptions{Budget: tt.budget})
		if !errors.Is(err, tt.want) {
			t.Errorf("budget %d: got error %v, want %v", tt.budget, err, tt.want)
		}
		if err == nil && sum != unlimited {
			t.Errorf("budget %d: hash %v differs from the unlimited %v", tt.budget, sum, unlimited)
		}
	}

	// Many small values: the budget is checked as they accumulate too.
	m := map[int]string{}
	for i := range 100_000 {
		m[i] = "v"
	}
	if _, err := snapshot.Hash(reflect.ValueOf(m), snapshot.HashOptions{Budget: 100_000}); !errors.Is(err, snapshot.ErrOverBudget) {
		t.Errorf("map of 100,000 entries under a budget of 100,000 bytes: got %v, want ErrOverBudget", err)
	}
}

func TestSumText(t *testing.T) {
	sum := mustHash(t, "x")
	text := sum.String()
	if !strings.HasPrefix(text, "xxh3-128:") || len(text) != len("xxh3-128:")+32 {
		t.Fatalf("String() = %q", text)
	}
	if parsed, err := snapshot.ParseSum(text); err != nil || parsed != sum {
		t.Errorf("ParseSum(%q) = %v, %v", text, parsed, err)
	}
	j, err := json.Marshal(map[string]snapshot.Sum{"x": sum})
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]snapshot.Sum
	if err := json.Unmarshal(j, &back); err != nil || back["x"] != sum {
		t.Errorf("JSON round trip of %s: %v, %v", j, back, err)
	}
	for _, bad := range []string{"", text[:len(text)-1], "sha256:" + text[9:], text[:len(text)-1] + "g", text + "00"} {
		if _, err := snapshot.ParseSum(bad); err == nil {
			t.Errorf("ParseSum(%q) succeeded", bad)
		}
	}
}

type fuzzRecord struct {
	A int
	b any
}

// fuzzValue builds a value from data with a small stack machine, so that
// the fuzzer explores nesting, sharing, cycles, maps and nil. It builds the
// same shape from the same data every time, with new allocations.
func fuzzValue(data []byte) []any {
	var stack []any
	push := func(v any) { stack = append(stack, v) }
	pop := func() any {
		if len(stack) == 0 {
			return nil
		}
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		return v
	}
	for len(data) > 0 {
		op, arg := data[0]%13, int(data[0]/13)
		data = data[1:]
		switch op {
		case 0:
			push(arg - 12)
		case 1:
			push(float64(arg) / 3)
		case 2:
			n := min(arg, len(data))
			push(string(data[:n]))
			data = data[n:]
		case 3:
			n := min(arg%5, len(stack))
			s := make([]any, n)
			copy(s, stack[len(stack)-n:])
			stack = stack[:len(stack)-n]
			push(s)
		case 4:
			m := map[string]any{}
			for i := range arg % 5 {
				m[strconv.Itoa(i*arg)] = pop()
			}
			push(m)
		case 5:
			p := new(any)
			*p = pop()
			push(p)
		case 6:
			if len(stack) > 0 {
				push(stack[len(stack)-1-arg%len(stack)])
			}
		case 7:
			p := new(any)
			*p = []any{p, pop()}
			push(p)
		case 8:
			push([]any{nil, []any(nil), []any{}, map[string]int(nil), func() {}}[arg%5])
		case 9:
			push(fuzzRecord{A: arg, b: pop()})
		case 10: // a sub-slice of the slice on top
			if s, ok := top(stack).([]any); ok {
				c := cap(s)
				i := arg % (c + 1)
				j := i + arg/3%(c-i+1)
				k := j + arg/7%(c-j+1)
				push(s[i:j:k])
			}
		case 11: // a pointer to an element of the slice on top
			if s, ok := top(stack).([]any); ok && len(s) > 0 {
				push(&s[arg%len(s)])
			}
		case 12: // a value stored into the slice under it, which may make a cycle
			x := pop()
			if s, ok := top(stack).([]any); ok && len(s) > 0 {
				s[arg%len(s)] = x
			}
		}
	}
	return stack
}

func top(stack []any) any {
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// FuzzHash hashes values built from data: the hash must not depend on
// where the values lie in memory, and must be the hash of what the walk
// writes when it finds the regions of memory first (Hash walks in one pass
// when views of memory do not overlap).
func FuzzHash(f *testing.F) {
	op := func(op, arg int) byte { return byte(op + 13*arg) }
	f.Add([]byte{op(0, 1), op(0, 2), op(2, 3), 'a', 'b', 'c', op(3, 2)})
	f.Add([]byte{op(0, 1), op(7, 0), op(6, 0), op(3, 2), op(5, 0), op(9, 0)})
	f.Add([]byte{op(0, 0), op(1, 0), op(4, 2), op(8, 0), op(8, 1), op(3, 3), op(7, 0), op(6, 1)})
	// Sub-slices, pointers into slices, and cycles through them.
	f.Add([]byte{op(0, 1), op(0, 2), op(0, 3), op(3, 3), op(10, 4), op(11, 1), op(3, 3)})
	f.Add([]byte{op(0, 1), op(0, 2), op(3, 2), op(11, 1), op(12, 0), op(10, 9), op(3, 2)})
	f.Fuzz(func(t *testing.T, data []byte) {
		v := fuzzValue(data)
		first, err1 := snapshot.HashValue(v)
		again, err2 := snapshot.HashValue(v)
		rebuilt, err3 := snapshot.HashValue(fuzzValue(data))
		if (err1 == nil) != (err2 == nil) || (err1 == nil) != (err3 == nil) {
			t.Fatalf("errors differ: %v, %v, %v", err1, err2, err3)
		}
		if err1 != nil {
			var ue *snapshot.UnhashableError
			if !errors.As(err1, &ue) || ue.Type != "func()" {
				t.Fatalf("unexpected error %v", err1)
			}
			return
		}
		if first != again || first != rebuilt {
			t.Fatalf("hashes differ: %v, %v, rebuilt %v", first, again, rebuilt)
		}
		// Into a writer that cannot take back what it was written, Encode
		// finds the regions of memory before it walks.
		var enc bytes.Buffer
		if err := snapshot.EncodeAsHashed(&enc, reflect.ValueOf(v)); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		if encoded := snapshot.Sum(xxh3.Hash128(enc.Bytes()).Bytes()); encoded != first {
			t.Fatalf("Hash %v differs from the hash of the encoding found first %v", first, encoded)
		}
	})
}

// TestHashMapTiesAreStable hashes maps whose keys encode alike (NaN keys, distinct
// pointers to equal values) many times: the entries are ordered by their values
// then, and the hash must not depend on the map's random iteration order.
func TestHashMapTiesAreStable(t *testing.T) {
	type P struct{ X int }
	for _, m := range []any{
		map[float64]int{math.NaN(): 1, math.NaN(): 2, math.NaN(): 3, 1: 4},
		map[*P]string{{1}: "a", {1}: "b", {2}: "c"},
	} {
		first, err := snapshot.HashValue(m)
		if err != nil {
			t.Fatal(err)
		}
		for range 50 {
			if h, _ := snapshot.HashValue(m); h != first {
				t.Fatalf("%v: hash changed between walks", m)
			}
		}
	}
}
