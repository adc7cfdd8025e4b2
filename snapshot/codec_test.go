package snapshot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unsafe"

	"gonum.org/v1/gonum/mat"
)

type codecPoint struct{ X, Y int }

type codecNode struct {
	Val  int
	Next *codecNode
}

// codecRecord has unexported fields of every sort the decoder sets through
// their address.
type codecRecord struct {
	Name  string
	score float64
	tags  []string
	next  *codecRecord
	flags [3]bool
	when  time.Time
	extra any
}

type codecError struct{ msg string }

func (e codecError) Error() string { return e.msg }

type codecWithError struct {
	Err  error
	What any
}

type codecBox struct{ X any }

type codecCelsius float64

type codecIntPtr *int

type codecBlank struct {
	_ int
	A int8
	_ [2]byte
	B bool
}

// encodeForTest returns Encode's output for v.
func encodeForTest(t testing.TB, v reflect.Value) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, v); err != nil {
		t.Fatalf("Encode(%v): %v", v.Type(), err)
	}
	return buf.Bytes()
}

// roundTrip encodes x, decodes it as a value of x's type, checks that the
// result encodes to the same bytes and returns it.
func roundTrip[T any](t *testing.T, x T, types TypeResolver) T {
	t.Helper()
	enc := encodeForTest(t, reflect.ValueOf(&x).Elem())
	v, err := Decode(bytes.NewReader(enc), reflect.TypeFor[T](), types)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if again := encodeForTest(t, v); !bytes.Equal(again, enc) {
		t.Fatalf("the decoded value encodes differently\n got % x\nwant % x", again, enc)
	}
	return v.Interface().(T)
}

// checkRoundTrip round-trips x and checks that the result equals x.
func checkRoundTrip[T any](t *testing.T, x T, types TypeResolver) {
	t.Helper()
	if got := roundTrip(t, x, types); !reflect.DeepEqual(got, x) {
		t.Errorf("decoded %#v, want %#v", got, x)
	}
}

func TestRoundTripScalars(t *testing.T) {
	t.Run("bool", func(t *testing.T) { checkRoundTrip(t, true, nil); checkRoundTrip(t, false, nil) })
	t.Run("int", func(t *testing.T) {
		checkRoundTrip(t, int8(math.MinInt8), nil)
		checkRoundTrip(t, int16(-300), nil)
		checkRoundTrip(t, int32(math.MinInt32), nil)
		checkRoundTrip(t, int64(math.MaxInt64), nil)
		checkRoundTrip(t, math.MinInt, nil)
	})
	t.Run("uint", func(t *testing.T) {
		checkRoundTrip(t, uint8(255), nil)
		checkRoundTrip(t, uint16(65000), nil)
		checkRoundTrip(t, uint32(math.MaxUint32), nil)
		checkRoundTrip(t, uint64(math.MaxUint64), nil)
		checkRoundTrip(t, uint(7), nil)
	})
	t.Run("float", func(t *testing.T) {
		checkRoundTrip(t, float32(-1.5), nil)
		checkRoundTrip(t, math.MaxFloat64, nil)
		checkRoundTrip(t, math.Inf(-1), nil)
		checkRoundTrip(t, codecCelsius(36.6), nil)
		// NaN is not equal to itself, and -0 equals 0: compare bits.
		for _, f := range []float64{math.NaN(), math.Copysign(0, -1)} {
			if got := roundTrip(t, f, nil); math.Float64bits(got) != math.Float64bits(f) {
				t.Errorf("decoded %x, want %x", math.Float64bits(got), math.Float64bits(f))
			}
		}
	})
	t.Run("complex", func(t *testing.T) {
		checkRoundTrip(t, complex64(complex(1, -2)), nil)
		checkRoundTrip(t, complex(math.Inf(1), 3), nil)
	})
	t.Run("string", func(t *testing.T) {
		checkRoundTrip(t, "", nil)
		checkRoundTrip(t, "hé\x00\xff", nil)
		checkRoundTrip(t, strings.Repeat("long ", 100_000), nil) // more than a buffer
	})
}

func TestRoundTripComposites(t *testing.T) {
	t.Run("array", func(t *testing.T) {
		checkRoundTrip(t, [3]int{1, 2, 3}, nil)
		checkRoundTrip(t, [2]string{"a", "b"}, nil)
		checkRoundTrip(t, [0]int{}, nil)
		checkRoundTrip(t, [2][2]float64{{1, 2}, {3, 4}}, nil)
		checkRoundTrip(t, [4]bool{true, false, true, true}, nil)
	})
	t.Run("slice", func(t *testing.T) {
		checkRoundTrip(t, []int{1, -2, 3}, nil)
		checkRoundTrip(t, []string{"a", "", "c"}, nil)
		checkRoundTrip(t, [][]int{nil, {}, {1}}, nil)
		checkRoundTrip(t, []bool{true, false}, nil)
		checkRoundTrip(t, []codecPoint{{1, 2}, {3, 4}}, nil)
		checkRoundTrip(t, make([]float64, 100_000), nil) // more than a buffer
	})
	t.Run("nil and empty", func(t *testing.T) {
		if got := roundTrip(t, []int(nil), nil); got != nil {
			t.Errorf("nil slice decoded as %#v", got)
		}
		if got := roundTrip(t, []int{}, nil); got == nil {
			t.Error("empty slice decoded as nil")
		}
		if got := roundTrip(t, map[string]int(nil), nil); got != nil {
			t.Errorf("nil map decoded as %#v", got)
		}
		if got := roundTrip(t, map[string]int{}, nil); got == nil {
			t.Error("empty map decoded as nil")
		}
	})
	t.Run("map", func(t *testing.T) {
		checkRoundTrip(t, map[string]int{"a": 1, "b": 2, "": 0}, nil)
		checkRoundTrip(t, map[codecPoint][]string{{1, 2}: {"x"}, {3, 4}: nil}, nil)
		checkRoundTrip(t, map[float64]bool{math.Inf(1): true, -1: false}, nil)
		checkRoundTrip(t, map[codecPoint]any{{1, 2}: 1, {0, 0}: "two", {5, 5}: codecPoint{3, 3}, {6, 6}: nil},
			NewTypeResolver(reflect.TypeFor[codecPoint]()))
		checkRoundTrip(t, map[any]int{1: 1, "a": 2, codecPoint{1, 2}: 3, [2]int{4, 5}: 4},
			NewTypeResolver(reflect.TypeFor[codecPoint]()))
	})
	t.Run("struct", func(t *testing.T) {
		checkRoundTrip(t, codecRecord{
			Name: "r", score: 2.5, tags: []string{"a", "b"},
			next:  &codecRecord{Name: "next", tags: []string{}},
			flags: [3]bool{true, false, true},
			when:  time.Date(2024, 5, 6, 7, 8, 9, 10, time.UTC),
			extra: codecPoint{1, 2},
		}, NewTypeResolver(reflect.TypeFor[codecPoint]()))
		checkRoundTrip(t, struct {
			A bool
			b int32
			c string
		}{true, -3, "c"}, nil)
		got := roundTrip(t, codecBlank{A: 3, B: true}, nil)
		if got.A != 3 || !got.B {
			t.Errorf("decoded %+v", got)
		}
		checkRoundTrip(t, struct{}{}, nil)
	})
	t.Run("pointer", func(t *testing.T) {
		n := 5
		p := &n
		checkRoundTrip(t, &p, nil)
		s := "deep"
		ps := &s
		pps := &ps
		checkRoundTrip(t, &pps, nil)
		checkRoundTrip(t, (*int)(nil), nil)
		checkRoundTrip(t, codecIntPtr(&n), nil)
		checkRoundTrip(t, []*struct{}{{}, nil}, nil)
	})
	t.Run("interface", func(t *testing.T) {
		types := NewTypeResolver(reflect.TypeFor[codecPoint](), reflect.TypeFor[codecError]())
		checkRoundTrip(t, []any{nil, 1, "s", 2.5, codecPoint{1, 2}, &codecPoint{3, 4}, []codecPoint{{5, 6}},
			map[string]*codecPoint{"p": {7, 8}}, [2]codecPoint{}, codecCelsius(1), time.Duration(3)},
			NewTypeResolver(reflect.TypeFor[codecPoint](), reflect.TypeFor[codecCelsius]()))
		checkRoundTrip(t, codecWithError{Err: codecError{"boom"}, What: true}, types)
		checkRoundTrip(t, codecWithError{Err: nil, What: []any{[]any{}}}, types)
		// The root itself as an interface.
		var x any = codecPoint{1, 2}
		v := reflect.ValueOf(&x).Elem()
		enc := encodeForTest(t, v)
		got, err := Decode(bytes.NewReader(enc), v.Type(), types)
		if err != nil {
			t.Fatal(err)
		}
		if got.Kind() != reflect.Interface || got.Interface() != x {
			t.Errorf("decoded %v (%v), want %v in an interface", got, got.Kind(), x)
		}
	})
}

func TestRoundTripSharing(t *testing.T) {
	t.Run("shared pointer", func(t *testing.T) {
		a := &codecPoint{1, 2}
		got := roundTrip(t, []*codecPoint{a, a, {1, 2}}, nil)
		if got[0] != got[1] {
			t.Error("a shared pointer decoded as two")
		}
		if got[0] == got[2] {
			t.Error("two pointers decoded as one")
		}
	})
	t.Run("shared slice", func(t *testing.T) {
		s := []int{1, 2}
		got := roundTrip(t, [][]int{s, s, {}, {}}, nil)
		got[0][0] = 9
		if got[1][0] != 9 {
			t.Error("a shared slice decoded as two")
		}
	})
	t.Run("shared map through interfaces", func(t *testing.T) {
		m := map[string]int{"a": 1}
		got := roundTrip(t, []any{m, m}, nil)
		got[0].(map[string]int)["b"] = 2
		if len(got[1].(map[string]int)) != 2 {
			t.Error("a shared map decoded as two")
		}
	})
	t.Run("empty and zero-size", func(t *testing.T) {
		// Empty slices, and pointers to values of zero size, share an
		// address only sometimes: decoding must not make them all shared.
		a := make([]int, 3)
		roundTrip(t, [][]int{a[:0], {}, {}, make([]int, 0, 4), a[:0]}, nil)
		var s struct {
			A int
			Z struct{}
		}
		roundTrip(t, []*struct{}{&s.Z, {}, {}, &s.Z}, nil)
		roundTrip(t, [][]struct{}{make([]struct{}, 2), unsafe.Slice(&s.Z, 2), {}}, nil)
	})
	t.Run("ring", func(t *testing.T) {
		head := &codecNode{Val: 0}
		tail := head
		for i := 1; i < 5; i++ {
			tail.Next = &codecNode{Val: i}
			tail = tail.Next
		}
		tail.Next = head
		got := roundTrip(t, head, nil)
		n := got
		for i := range 5 {
			if n.Val != i {
				t.Fatalf("node %d holds %d", i, n.Val)
			}
			n = n.Next
		}
		if n != got {
			t.Error("the ring is not closed")
		}
	})
	t.Run("deepest list", func(t *testing.T) {
		// As many references deep as the walk goes: decoding recurses as
		// deep, and must not run out of stack.
		var head *codecNode
		for i := range maxDepth {
			head = &codecNode{Val: i, Next: head}
		}
		roundTrip(t, head, nil)
		// Interfaces nest without references, so the walk does not bound
		// them: neither does decoding, up to maxDepth.
		var x codecBox
		for range 50_000 {
			x = codecBox{x}
		}
		roundTrip(t, x, NewTypeResolver(reflect.TypeFor[codecBox]()))
	})
	t.Run("slice holding itself", func(t *testing.T) {
		s := make([]any, 2)
		s[0], s[1] = s, 1
		got := roundTrip(t, s, nil)
		inner := got[0].([]any)
		if &inner[0] != &got[0] || len(inner) != 2 {
			t.Error("the slice does not hold itself")
		}
	})
	t.Run("map holding itself", func(t *testing.T) {
		m := map[string]any{"n": 1}
		m["self"] = m
		got := roundTrip(t, m, nil)
		if reflect.ValueOf(got["self"]).UnsafePointer() != reflect.ValueOf(got).UnsafePointer() {
			t.Error("the map does not hold itself")
		}
	})
	t.Run("pointer keys shared with values", func(t *testing.T) {
		a, b := &codecPoint{1, 1}, &codecPoint{2, 2}
		got := roundTrip(t, struct {
			M map[*codecPoint]*codecPoint
			L []*codecPoint
		}{map[*codecPoint]*codecPoint{a: b, b: a}, []*codecPoint{a, b}}, nil)
		for k, v := range got.M {
			if got.M[v] != k {
				t.Error("keys and values are not shared")
			}
		}
		if _, ok := got.M[got.L[0]]; !ok {
			t.Error("a key is not shared with the slice")
		}
	})
}

// TestRoundTripCellTypes decodes struct types built as the interpreter
// builds the types declared in cells: with reflect.StructOf, unexported
// fields carrying a package path, and no methods.
func TestRoundTripCellTypes(t *testing.T) {
	cellType := reflect.StructOf([]reflect.StructField{
		{Name: "Name", Type: reflect.TypeFor[string]()},
		{Name: "count", PkgPath: "main", Type: reflect.TypeFor[int]()},
		{Name: "Tags", Type: reflect.TypeFor[map[string][]float64]()},
		{Name: "any", PkgPath: "main", Type: reflect.TypeFor[any]()},
	})
	v := reflect.New(cellType).Elem()
	set := func(i int, x any) {
		f := cellType.Field(i)
		reflect.NewAt(f.Type, unsafe.Add(v.Addr().UnsafePointer(), f.Offset)).Elem().Set(reflect.ValueOf(x))
	}
	set(0, "cell")
	set(1, 42)
	set(2, map[string][]float64{"a": {1, 2}})
	set(3, []float64{3})

	for _, root := range []reflect.Value{v, reflect.ValueOf([]any{v.Interface(), v.Interface()})} {
		enc := encodeForTest(t, root)
		got, err := Decode(bytes.NewReader(enc), root.Type(), NewTypeResolver(cellType))
		if err != nil {
			t.Fatal(err)
		}
		if again := encodeForTest(t, got); !bytes.Equal(again, enc) {
			t.Errorf("%v encodes differently after decoding", root.Type())
		}
		if !reflect.DeepEqual(got.Interface(), root.Interface()) {
			t.Errorf("decoded %v, want %v", got, root)
		}
	}
}

func TestRoundTripTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	for _, tm := range []time.Time{
		{},
		time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC),
		time.Date(2024, 7, 2, 3, 4, 5, 6, ny), // daylight saving time
		time.Date(2024, 1, 2, 3, 4, 5, 6, ny),
		time.Date(1900, 1, 2, 3, 4, 5, 0, time.FixedZone("X+1", 3600)),
		time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("UTC", 7200)), // misnamed
		time.Date(2024, 1, 2, 3, 4, 5, 0, time.Local),
		time.Unix(1<<40, 999_999_999).UTC(),
	} {
		got := roundTrip(t, tm, nil)
		name, offset := tm.Zone()
		gotName, gotOffset := got.Zone()
		if !got.Equal(tm) || name != gotName || offset != gotOffset || got.Location().String() != tm.Location().String() {
			t.Errorf("decoded %v, want %v", got, tm)
		}
	}
	checkRoundTrip(t, time.Time{}, nil)
	checkRoundTrip(t, time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC), nil)

	t.Run("locations", func(t *testing.T) {
		other, _ := time.LoadLocation("America/New_York")
		got := roundTrip(t, []*time.Location{time.UTC, time.UTC, time.Local, ny, other, nil}, nil)
		if got[0] != time.UTC || got[1] != time.UTC || got[2] != time.Local {
			t.Errorf("decoded %v, want UTC, UTC, Local", got[:3])
		}
		if got[3] == got[4] || got[3].String() != "America/New_York" || got[5] != nil {
			t.Errorf("decoded %v", got[3:])
		}
	})
}

func TestRoundTripSelfEncoding(t *testing.T) {
	i, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
	f := new(big.Float).SetPrec(200).Quo(big.NewFloat(1), big.NewFloat(3))
	r := big.NewRat(-22, 7)
	type numbers struct {
		I  *big.Int
		F  *big.Float
		R  *big.Rat
		IV big.Int
		Z  *big.Int
	}
	got := roundTrip(t, numbers{I: i, F: f, R: r, IV: *big.NewInt(7)}, nil)
	if got.I.Cmp(i) != 0 || got.F.Cmp(f) != 0 || got.F.Prec() != 200 || got.R.Cmp(r) != 0 || got.IV.Int64() != 7 || got.Z != nil {
		t.Errorf("decoded %v %v %v %v %v", got.I, got.F, got.R, &got.IV, got.Z)
	}

	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	checkRoundTrip(t, m, nil)
	checkRoundTrip(t, struct {
		M     mat.Dense
		Empty mat.Dense // refuses to decode its own encoding: restored as zero
	}{M: *m}, nil)
	checkRoundTrip(t, []mat.Matrix{m, nil}, NewTypeResolver(reflect.TypeFor[*mat.Dense]()))
}

// cellValue stands for the interpreter's interface values: the value, which
// the walk cannot reach through a reflect.Value, beside the interpreter's
// description of its type.
type cellValue struct {
	Desc  string
	Value reflect.Value
}

func init() {
	RegisterWrapper(Wrapper{
		Match:  func(t reflect.Type) bool { return t == reflect.TypeFor[cellValue]() },
		Unwrap: func(v reflect.Value) reflect.Value { return v.Field(1).Interface().(reflect.Value) },
	})
}

// cellTypes resolves types and rewraps cellValues, as the worker does for
// the interpreter.
type cellTypes struct{ TypeResolver }

func (cellTypes) Rewrap(t reflect.Type, inner reflect.Value) (reflect.Value, error) {
	if t != reflect.TypeFor[cellValue]() {
		return reflect.Value{}, fmt.Errorf("%s is no wrapper", t)
	}
	return reflect.ValueOf(cellValue{Desc: "rewrapped", Value: inner}), nil
}

func TestRewrap(t *testing.T) {
	p := &codecPoint{1, 2}
	x := []cellValue{{"a", reflect.ValueOf(p)}, {"b", reflect.ValueOf(p)}, {"c", reflect.Value{}}, {"d", reflect.ValueOf(3)}}
	types := cellTypes{NewTypeResolver(reflect.TypeFor[codecPoint]())}
	got := roundTrip(t, x, types)
	if len(got) != 4 || got[0].Desc != "rewrapped" {
		t.Fatalf("decoded %v", got)
	}
	if got[0].Value.Interface() != got[1].Value.Interface() {
		t.Error("a pointer shared through wrappers decoded as two")
	}
	if *got[0].Value.Interface().(*codecPoint) != *p || got[2].Value.IsValid() || got[3].Value.Interface() != 3 {
		t.Errorf("decoded %v", got)
	}

	enc := encodeForTest(t, reflect.ValueOf(x))
	_, err := Decode(bytes.NewReader(enc), reflect.TypeOf(x), types.TypeResolver)
	if err == nil || !strings.Contains(err.Error(), "no Rewrapper") {
		t.Errorf("without a Rewrapper: %v", err)
	}
}

func TestEncodable(t *testing.T) {
	for _, tt := range []struct {
		value any
		ok    bool
	}{
		{[]int{1}, true},
		{struct{ F func() }{}, true},
		{struct{ F func() }{func() {}}, false},
		{[]any{1, make(chan int)}, false},
		{map[string]any{"f": fmt.Println}, false},
	} {
		err := Encodable(reflect.ValueOf(tt.value))
		var unhashable *UnhashableError
		if tt.ok != (err == nil) || (err != nil && !errors.As(err, &unhashable)) {
			t.Errorf("Encodable(%T) = %v", tt.value, err)
		}
		if err := Encode(io.Discard, reflect.ValueOf(tt.value)); tt.ok != (err == nil) {
			t.Errorf("Encode(%T) = %v", tt.value, err)
		}
	}
}

func TestDecodeRootType(t *testing.T) {
	enc := encodeForTest(t, reflect.ValueOf([]codecPoint{{1, 2}}))
	if _, err := Decode(bytes.NewReader(enc), reflect.TypeFor[[]int](), nil); err == nil || !strings.Contains(err.Error(), "not a []int") {
		t.Errorf("decoding as another type: %v", err)
	}
	got, err := Decode(bytes.NewReader(enc), nil, NewTypeResolver(reflect.TypeFor[codecPoint]()))
	if err != nil || !reflect.DeepEqual(got.Interface(), []codecPoint{{1, 2}}) {
		t.Errorf("decoding with the type the input names: %v, %v", got, err)
	}
	if _, err := Decode(bytes.NewReader(enc), nil, nil); err == nil || !strings.Contains(err.Error(), "unknown type []snapshot.codecPoint") {
		t.Errorf("decoding an unknown type: %v", err)
	}

	// Struct types that differ only in tags (an interpreter tags a cell's type in
	// one session and not in another) decode as each other; other differences do not.
	tagged := reflect.StructOf([]reflect.StructField{{Name: "A", Type: reflect.TypeFor[[]int](), Tag: `json:"-" x:"a\"b"`}, {Name: "B", Type: reflect.TypeFor[string]()}})
	plain := reflect.StructOf([]reflect.StructField{{Name: "A", Type: reflect.TypeFor[[]int]()}, {Name: "B", Type: reflect.TypeFor[string]()}})
	other := reflect.StructOf([]reflect.StructField{{Name: "A", Type: reflect.TypeFor[[]int]()}, {Name: "C", Type: reflect.TypeFor[string]()}})
	v := reflect.New(tagged).Elem()
	v.Field(0).Set(reflect.ValueOf([]int{4, 5}))
	v.Field(1).SetString("x")
	enc = encodeForTest(t, v.Addr())
	got, err = Decode(bytes.NewReader(enc), reflect.PointerTo(plain), nil)
	if err != nil || got.Elem().Field(0).Len() != 2 || got.Elem().Field(1).String() != "x" {
		t.Errorf("decoding a tagged struct as its untagged twin: %v, %v", got, err)
	}
	if _, err := Decode(bytes.NewReader(enc), reflect.PointerTo(other), nil); err == nil {
		t.Error("a struct with another field name decoded as the tagged struct")
	}

	enc = encodeForTest(t, reflect.Value{})
	if got, err := Decode(bytes.NewReader(enc), reflect.TypeFor[int](), nil); err != nil || got.IsValid() {
		t.Errorf("decoding an invalid Value: %v, %v", got, err)
	}
}

func TestDecodeUnknownType(t *testing.T) {
	enc := encodeForTest(t, reflect.ValueOf(codecWithError{What: []any{1, codecPoint{}}}))
	_, err := Decode(bytes.NewReader(enc), reflect.TypeFor[codecWithError](), nil)
	var de *DecodeError
	if !errors.As(err, &de) || de.Path != ".What.([]interface {})[1]" || !strings.Contains(err.Error(), "unknown type snapshot.codecPoint") {
		t.Errorf("got %v", err)
	}
}

// readers returns the ways a reader can hand Decode an input.
func readers(data []byte) map[string]io.Reader {
	return map[string]io.Reader{
		"bytes.Reader":            bytes.NewReader(data),
		"bytes.Buffer":            bytes.NewBuffer(data),
		"strings.Reader":          strings.NewReader(string(data)),
		"read to the end":         iotest.OneByteReader(bytes.NewReader(data)),
		"limited, byte by byte":   &io.LimitedReader{R: iotest.OneByteReader(bytes.NewReader(data)), N: int64(len(data))},
		"limited, half at a time": &io.LimitedReader{R: iotest.HalfReader(bytes.NewReader(data)), N: int64(len(data)) + 100},
	}
}

func TestDecodeReaders(t *testing.T) {
	x := struct {
		S []float64
		T string
		M map[string][]int32
		B []bool
	}{make([]float64, 50_000), strings.Repeat("x", 70_000), map[string][]int32{"a": {1}}, []bool{true}}
	for i := range x.S {
		x.S[i] = float64(i)
	}
	enc := encodeForTest(t, reflect.ValueOf(x))
	for name, r := range readers(enc) {
		got, err := Decode(r, reflect.TypeOf(x), nil)
		if err != nil || !reflect.DeepEqual(got.Interface(), x) {
			t.Errorf("%s: %v", name, err)
		}
	}

	// A read error is the error, with its place.
	bad := io.MultiReader(bytes.NewReader(enc[:100]), iotest.ErrReader(errors.New("disk on fire")))
	if _, err := Decode(&io.LimitedReader{R: bad, N: int64(len(enc))}, reflect.TypeOf(x), nil); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("a failing reader: %v", err)
	}
}

// sampleValue holds a little of everything.
func sampleValue() any {
	p := &codecPoint{1, 2}
	return codecRecord{
		Name:  "sample",
		score: 1.5,
		tags:  []string{"a", "bc"},
		next:  &codecRecord{Name: "n", extra: map[string]any{"p": p, "q": p, "f": []float64{1, 2}}},
		flags: [3]bool{true, false, true},
		when:  time.Date(2024, 1, 2, 3, 4, 5, 6, time.FixedZone("Z", 60)),
		extra: []any{big.NewInt(12345), int8(-1), nil},
	}
}

func TestDecodeTruncated(t *testing.T) {
	x := sampleValue()
	types := NewTypeResolver(reflect.TypeFor[codecPoint](), reflect.TypeFor[*big.Int]())
	enc := encodeForTest(t, reflect.ValueOf(x))
	if _, err := Decode(bytes.NewReader(enc), reflect.TypeOf(x), types); err != nil {
		t.Fatal(err)
	}
	for n := range len(enc) {
		for name, r := range readers(enc[:n]) {
			_, err := Decode(r, reflect.TypeOf(x), types)
			var de *DecodeError
			if !errors.As(err, &de) || errors.Is(err, errDecodePanicked) {
				t.Fatalf("%s: %d of %d bytes: %v", name, n, len(enc), err)
			}
		}
	}
}

// TestDecodeCorrupt changes each byte of an encoding in turn: decoding must
// fail with an error or give a value that encodes as it decoded, never panic.
func TestDecodeCorrupt(t *testing.T) {
	x := sampleValue()
	types := NewTypeResolver(reflect.TypeFor[codecPoint](), reflect.TypeFor[*big.Int]())
	enc := encodeForTest(t, reflect.ValueOf(x))
	for i := range enc {
		for _, b := range []byte{enc[i] + 1, enc[i] ^ 0x80, 0, 0xff} {
			corrupt := bytes.Clone(enc)
			corrupt[i] = b
			checkDecodeStable(t, corrupt, reflect.TypeOf(x), types)
		}
	}
}

// checkDecodeStable decodes data, and if that succeeds checks that the value
// encodes to bytes that decode to a value encoding the same.
func checkDecodeStable(t *testing.T, data []byte, typ reflect.Type, types TypeResolver) {
	t.Helper()
	v, err := Decode(bytes.NewReader(data), typ, types)
	if err != nil {
		if errors.Is(err, errDecodePanicked) {
			t.Fatalf("% x: %v", data, err)
		}
		return
	}
	var first bytes.Buffer
	if err := Encode(&first, v); err != nil {
		t.Fatalf("% x decodes to a value that does not encode: %v", data, err)
	}
	v2, err := Decode(bytes.NewReader(first.Bytes()), typ, types)
	if err != nil {
		t.Fatalf("% x: its re-encoding does not decode: %v", data, err)
	}
	var second bytes.Buffer
	if err := Encode(&second, v2); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("% x: encodes as\n% x\nthen as\n% x (%v)", data, first.Bytes(), second.Bytes(), err)
	}
}

// mapPair holds two maps of different types.
type mapPair = struct {
	A map[int]int
	B map[int]bool
}

func TestDecodeErrors(t *testing.T) {
	header := func(k reflect.Kind, name string) []byte {
		return append([]byte{formatVersion}, typeHeader(k, name)...)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	huge := func(x uint64) []byte { return binary.AppendUvarint(nil, x) }
	timeHeader := []byte{formatVersion, tagValue, byte(reflect.Struct), 9, 't', 'i', 'm', 'e', '.', 'T', 'i', 'm', 'e', 4, 't', 'i', 'm', 'e'}
	tests := []struct {
		name string
		typ  reflect.Type
		data []byte
		want string
	}{
		{"empty", reflect.TypeFor[int](), nil, "unexpected EOF"},
		{"version", reflect.TypeFor[int](), []byte{9, tagNil}, "format version 9"},
		{"root tag", reflect.TypeFor[int](), []byte{formatVersion, 7}, "tag 7 opens the root"},
		{"trailing", reflect.TypeFor[int8](), cat(header(reflect.Int8, "int8"), []byte{1, 2}), "goes on after the value"},
		{"slice tag", reflect.TypeFor[[]int](), cat(header(reflect.Slice, "[]int"), []byte{5}), "tag 5 opens a []int"},
		{"huge slice", reflect.TypeFor[[]int](), cat(header(reflect.Slice, "[]int"), []byte{tagValue}, huge(1<<40), huge(1<<40)), "length 1099511627776 needs at least"},
		{"huge capacity", reflect.TypeFor[[]int](), cat(header(reflect.Slice, "[]int"), []byte{tagValue, 0}, huge(1<<40)), "more than an input of this size may make Decode allocate"},
		{"capacity below length", reflect.TypeFor[[]int](), cat(header(reflect.Slice, "[]int"), []byte{tagValue, 2, 1}), "capacity 1 is less than length 2"},
		{"capacity overflow", reflect.TypeFor[[]int](), cat(header(reflect.Slice, "[]int"), []byte{tagValue, 1}, huge(math.MaxUint64)), "larger than any array"},
		{"huge capacity of nothing", reflect.TypeFor[[]struct{}](), cat(header(reflect.Slice, "[]struct {}"), []byte{tagValue, 0}, huge(math.MaxUint64)), "larger than any slice"},
		{"huge string", reflect.TypeFor[string](), cat(header(reflect.String, "string"), huge(math.MaxUint64)), "larger than any slice"},
		{"huge map", reflect.TypeFor[map[int]int](), cat(header(reflect.Map, "map[int]int"), []byte{tagValue}, huge(1<<30)), "needs at least 17179869184 bytes"},
		{"huge array type", reflect.TypeFor[any](), cat(header(reflect.Interface, "interface {}"), typeHeader(reflect.Array, "[1000000000]int")), "needs at least 8000000000 bytes"},
		{"varint overflow", reflect.TypeFor[string](), cat(header(reflect.String, "string"), bytes.Repeat([]byte{0xff}, 11)), "overflows"},
		{"long varint", reflect.TypeFor[string](), cat(header(reflect.String, "string"), []byte{0x81, 0x00, 'a'}), "shortest form"},
		{"bool", reflect.TypeFor[[]bool](), cat(header(reflect.Slice, "[]bool"), []byte{tagValue, 2, 2, 1, 2}), "neither 0 nor 1"},
		{"bool in struct", reflect.TypeFor[struct{ A, B bool }](), cat(header(reflect.Struct, "struct { A bool; B bool }"), []byte{0, 3}), "neither 0 nor 1"},
		{"reference out of range", reflect.TypeFor[[]*int](), cat(header(reflect.Slice, "[]*int"), []byte{tagValue, 1, 1, tagRef, 5}), "reference 5 is not among the 1"},
		{"reference to another type", reflect.TypeFor[mapPair](), cat(header(reflect.Struct, "struct { A map[int]int; B map[int]bool }"), []byte{tagValue, 0, tagRef, 0}), "reference 0 is a map[int]int, not a map[int]bool"},
		{"region as a map", reflect.TypeFor[[]map[int]int](), cat(header(reflect.Slice, "[]map[int]int"), []byte{tagValue, 1, 1, tagRef, 0}), "referred back to as a map[int]int"},
		{"pointer into a region of another type", reflect.TypeFor[[]*int](), cat(header(reflect.Slice, "[]*int"), []byte{tagValue, 1, 1, tagRef, 0, 0}), "a *int cannot point at byte 0 of a region of 1 *int"},
		{"old version", reflect.TypeFor[int](), []byte{1, tagNil}, "format version 1, which kept shared memory only between identical references, is no longer read"},
		{"duplicate key", reflect.TypeFor[map[int8]int8](), cat(header(reflect.Map, "map[int8]int8"), []byte{tagValue, 2, 1, 1, 1, 2}), "already in the map"},
		{"unknown type", reflect.TypeFor[any](), cat(header(reflect.Interface, "interface {}"), typeHeader(reflect.Struct, "main.T")), "unknown type main.T"},
		{"bad kind", reflect.TypeFor[any](), cat(header(reflect.Interface, "interface {}"), typeHeader(99, "int")), "no kind"},
		{"kind mismatch", reflect.TypeFor[any](), cat(header(reflect.Interface, "interface {}"), typeHeader(reflect.String, "int")), "unknown type int"},
		{"not an implementation", reflect.TypeFor[error](), cat(header(reflect.Interface, "error"), typeHeader(reflect.Int, "int"), make([]byte, 8)), "int does not implement error"},
		{"interface in interface", reflect.TypeFor[any](), cat(header(reflect.Interface, "interface {}"), typeHeader(reflect.Interface, "interface {}"), []byte{tagNil}), "of interface type"},
		{"nanoseconds", timeType, cat(timeHeader, make([]byte, 8), []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0}), "4294967295 nanoseconds"},
		{"func", reflect.TypeFor[func()](), cat(header(reflect.Func, "func()"), []byte{tagValue}), "only nil is encoded"},
		{"uintptr", reflect.TypeFor[uintptr](), cat(header(reflect.Uintptr, "uintptr"), make([]byte, 8)), "never encoded"},
		{"self-encoding", reflect.TypeFor[*big.Int](), cat(header(reflect.Pointer, "*big.Int"), []byte{tagValue, 1, 0xff}), "decoding itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(bytes.NewReader(tt.data), tt.typ, nil)
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), tt.want) || errors.Is(err, errDecodePanicked) {
				t.Errorf("got %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestDecodeErrorPath(t *testing.T) {
	x := struct {
		F []string
		M map[string][]int8
	}{F: []string{"a", "b", "c", "dddd"}}
	enc := encodeForTest(t, reflect.ValueOf(x))
	_, err := Decode(bytes.NewReader(enc[:len(enc)-3]), reflect.TypeOf(x), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "snapshot: decode .F[3]: at byte ") || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("got %v", err)
	}

	x.F, x.M = nil, map[string][]int8{"k": {1, 2}}
	enc = encodeForTest(t, reflect.ValueOf(x))
	_, err = Decode(bytes.NewReader(enc[:len(enc)-1]), reflect.TypeOf(x), nil)
	if err == nil || !strings.HasPrefix(err.Error(), `snapshot: decode .M["k"]`) {
		t.Errorf("got %v", err)
	}
}

// TestDecodeNumberMatchesMemory checks the decoding of numbers through
// reflect, which only big-endian and 32-bit hosts use, against the copy of
// their memory that this host uses.
func TestDecodeNumberMatchesMemory(t *testing.T) {
	for _, x := range []any{
		true, false, int8(-3), int16(-300), int32(-3e6), int64(-3e12), -3,
		uint8(250), uint16(65000), uint32(4e9), uint64(1e19), uint(7),
		float32(-1.5), math.MaxFloat64, math.Copysign(0, -1),
		complex64(complex(1, -2)), complex(math.Inf(1), 3),
	} {
		enc := encodeForTest(t, reflect.ValueOf(x))
		for _, f := range []decodeFunc{decodeNumber, rawDecode{bools: boolLayoutOf(reflect.TypeOf(x))}.decode} {
			in, _ := newDecodeInput(bytes.NewReader(enc))
			d := newDecoder(in, nil, nil)
			d.readByte()
			d.readByte()
			d.readTypeName()
			v := reflect.New(reflect.TypeOf(x)).Elem()
			f(d, v)
			if v.Interface() != x || in.more() {
				t.Errorf("%T(%v) decoded as %v", x, x, v)
			}
		}
	}
}

func TestTypeResolver(t *testing.T) {
	types := NewTypeResolver(reflect.TypeFor[codecRecord](), reflect.TypeFor[codecPoint]())
	for _, want := range []reflect.Type{
		reflect.TypeFor[int](), reflect.TypeFor[any](), reflect.TypeFor[error](), timeType,
		reflect.TypeFor[codecRecord](), reflect.TypeFor[[]string](), reflect.TypeFor[*codecRecord](),
		reflect.TypeFor[[3]bool](),
		// Built from known types.
		reflect.TypeFor[[]codecPoint](), reflect.TypeFor[map[codecPoint][]*codecRecord](),
		reflect.TypeFor[[4][]map[string]*big.Int](), reflect.TypeFor[**codecPoint](),
		reflect.TypeFor[map[[2]int]map[string]int](),
	} {
		got, ok := types.Resolve(want.Kind(), want.String(), want.PkgPath())
		if !ok || got != want {
			t.Errorf("Resolve(%v) = %v, %v", want, got, ok)
		}
	}
	for _, name := range []string{"main.T", "[]main.T", "map[[]int]int", "[-1]int", "[01]int", "map[int", "chan int", "*", "[]"} {
		if got, ok := types.Resolve(reflect.Slice, name, ""); ok {
			t.Errorf("Resolve(%q) = %v", name, got)
		}
	}
	if _, ok := types.Resolve(reflect.Struct, "snapshot.codecPoint", "elsewhere"); ok {
		t.Error("a type resolved under another package path")
	}
}

// benchmarkEncode encodes x into memory, as decoding reads it from memory:
// the walk alone, into io.Discard, is measured by the Hash benchmarks.
func benchmarkEncode(b *testing.B, x any, size int64) {
	v := reflect.ValueOf(x)
	var buf bytes.Buffer
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Encode(&buf, v); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkDecode(b *testing.B, x any, size int64) {
	v := reflect.ValueOf(x)
	var buf bytes.Buffer
	if err := Encode(&buf, v); err != nil {
		b.Fatal(err)
	}
	enc := buf.Bytes()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(bytes.NewReader(enc), v.Type(), nil); err != nil {
			b.Fatal(err)
		}
	}
}

func float64Slice() ([]float64, int64) {
	data := make([]float64, 2<<20) // 16 MiB
	for i := range data {
		data[i] = float64(i) / 7
	}
	return data, int64(len(data)) * 8
}

type codecEntry struct {
	A int
	B float64
	C string
}

func stringStructMap() (map[string]codecEntry, int64) {
	m := make(map[string]codecEntry, 100_000)
	var size int64
	for i := range 100_000 {
		k := "key-" + strconv.Itoa(i)
		e := codecEntry{A: i, B: float64(i) / 3, C: "value " + strconv.Itoa(i)}
		m[k] = e
		size += int64(len(k)) + 16 + int64(len(e.C))
	}
	return m, size
}

func BenchmarkEncodeFloat64Slice(b *testing.B) {
	data, size := float64Slice()
	benchmarkEncode(b, data, size)
}

func BenchmarkDecodeFloat64Slice(b *testing.B) {
	data, size := float64Slice()
	benchmarkDecode(b, data, size)
}

func BenchmarkEncodeMapStringStruct(b *testing.B) {
	m, size := stringStructMap()
	benchmarkEncode(b, m, size)
}

func BenchmarkDecodeMapStringStruct(b *testing.B) {
	m, size := stringStructMap()
	benchmarkDecode(b, m, size)
}
