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

// fuzzShare is a root type for FuzzDecode whose pointers and slices share
// memory in every way regions keep: sub-slices, pointers to elements, to
// fields of elements, to elements of an array pointed to.
type fuzzShare struct {
	Items  []fuzzItem
	ByKey  map[string]*fuzzItem
	Count  *int
	Window []fuzzItem
	Cells  *[4]int
	Cell   *int
	Pair   *[2]int
	Tail   []int
	Any    any
}

type fuzzItem struct {
	Key  string
	N    int
	Next *fuzzItem
	Ok   bool
}

var fuzzRoots = []reflect.Type{
	reflect.TypeFor[[]int](),
	reflect.TypeFor[map[string][]float64](),
	reflect.TypeFor[fuzzTree](),
	reflect.TypeFor[fuzzShare](),
}

func fuzzShareValue() fuzzShare {
	items := make([]fuzzItem, 4, 6)
	byKey := map[string]*fuzzItem{}
	for i := range items {
		items[i] = fuzzItem{Key: string(rune('a' + i)), N: i, Ok: i%2 == 0}
		items[i].Next = &items[(i+1)%len(items)]
		byKey[items[i].Key] = &items[i]
	}
	cells := &[4]int{1, 2, 3, 4}
	return fuzzShare{
		Items: items[1:], ByKey: byKey, Count: &items[2].N, Window: items[2:3:5],
		Cells: cells, Cell: &cells[1], Pair: (*[2]int)(cells[2:]), Tail: cells[1:3],
		Any: []any{&items[0], items[:2], cells[3:]},
	}
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
		root, fuzzTree{}, fuzzShareValue(), fuzzShare{},
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
