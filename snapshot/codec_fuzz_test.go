package snapshot

import (
	"bytes"
	"math/big"
	"reflect"
	"testing"
	"time"
)

// fuzzTree is a root type for FuzzDecode with pointers, interfaces and
// maps, which lets the fuzzer build shared and cyclic values.
type fuzzTree struct {
	Name  string
	Left  *fuzzTree
	Right *fuzzTree
	Value any
	Refs  []*int
	Meta  map[string]any
	Ok    [2]bool
	when  time.Time
	big   *big.Int
}

var fuzzRoots = []reflect.Type{
	reflect.TypeFor[[]int](),
	reflect.TypeFor[map[string][]float64](),
	reflect.TypeFor[fuzzTree](),
}

// FuzzDecode decodes arbitrary bytes as each root type: decoding must never
// panic, and a decoded value must encode to bytes that decode to a value
// that encodes the same.
func FuzzDecode(f *testing.F) {
	n := 7
	leaf := &fuzzTree{Name: "leaf", Value: 1.5, Refs: []*int{&n, &n, nil}}
	root := fuzzTree{
		Name: "root", Left: leaf, Right: leaf,
		Value: []any{"s", leaf, map[string][]float64{"x": {1}}},
		Meta:  map[string]any{"t": true, "n": nil},
		Ok:    [2]bool{true, false},
		when:  time.Date(2024, 1, 2, 3, 4, 5, 6, time.UTC),
		big:   big.NewInt(-99),
	}
	leaf.Left = &root
	for _, x := range []any{
		[]int{1, -2, 3}, []int(nil), []int{},
		map[string][]float64{"a": {1, 2}, "b": nil, "c": {}},
		root, fuzzTree{},
	} {
		var buf bytes.Buffer
		if err := Encode(&buf, reflect.ValueOf(x)); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	types := NewTypeResolver(fuzzRoots...)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, root := range fuzzRoots {
			checkDecodeStable(t, data, root, types)
		}
	})
}
