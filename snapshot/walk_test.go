package snapshot

import (
	"bytes"
	"math"
	"reflect"
	"testing"
)

func encode(t *testing.T, x any) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := walk(&buf, reflect.ValueOf(x), 0); err != nil {
		t.Fatalf("walk(%T): %v", x, err)
	}
	return buf.Bytes()
}

// typeHeader is the encoding of an interface's dynamic type, unnamed.
func typeHeader(k reflect.Kind, s string) []byte {
	return append([]byte{tagValue, byte(k), byte(len(s))}, append([]byte(s), 0)...)
}

// TestWalkEncoding pins the format the snapshot codec will store.
func TestWalkEncoding(t *testing.T) {
	p := new(int16)
	*p = -2
	ints := []int16{1, 2, 3, 4}
	type pair = struct{ A, B int8 }
	q := &pair{5, 6}
	tests := []struct {
		name  string
		value any
		want  []byte
	}{
		{"nil root", nil, []byte{tagNil}},
		{"int8", int8(-1), append(typeHeader(reflect.Int8, "int8"), 0xff)},
		{"int", 258, append(typeHeader(reflect.Int, "int"), 2, 1, 0, 0, 0, 0, 0, 0)},
		{"string", "hé", append(typeHeader(reflect.String, "string"), 3, 'h', 0xc3, 0xa9)},
		{"nil slice", []bool(nil), append(typeHeader(reflect.Slice, "[]bool"), tagNil)},
		{"empty slice", []bool{}, append(typeHeader(reflect.Slice, "[]bool"), tagValue, 0, 0)},
		{"capacity", make([]bool, 1, 3), append(typeHeader(reflect.Slice, "[]bool"), tagValue, 1, 3, 0)},
		{"shared pointer", []*int16{p, p, nil},
			append(typeHeader(reflect.Slice, "[]*int16"),
				tagValue, 3, 3, // the slice's array, region 0, length 3, capacity 3
				tagValue, 0xfe, 0xff, // *p, region 1
				tagRef, 1, 0, // region 1, at byte 0
				tagNil)},
		{"sub-slice", [][]int16{ints[1:3], ints},
			append(typeHeader(reflect.Slice, "[][]int16"),
				tagValue, 2, 2,
				tagRegion, 4, 4, // region 1: 4 int16 of content, of 4
				2, 2, 3, // the view: at byte 2, length 2, capacity 3
				1, 0, 2, 0, 3, 0, 4, 0, // the content
				tagRef, 1, 0, 4, 4)}, // region 1 at byte 0, length 4, capacity 4
		{"pointer into a slice", struct {
			P *int16
			S []int16
		}{&ints[2], ints},
			append(typeHeader(reflect.Struct, "struct { P *int16; S []int16 }"),
				tagRegion, 4, 4, 4, // region 0: 4 int16 of 4, the pointer at byte 4
				1, 0, 2, 0, 3, 0, 4, 0,
				tagRef, 0, 0, 4, 4)},
		{"pointer to a field", struct {
			P *int8
			Q *pair
		}{&q.B, q},
			bytes.Join([][]byte{
				typeHeader(reflect.Struct, "struct { P *int8; Q *struct { A int8; B int8 } }"),
				{tagRegionOf, byte(reflect.Struct), 25}, []byte("struct { A int8; B int8 }"), {0}, // region 0, of a struct
				{1, 1, 1}, // one struct of content, of one, the pointer at byte 1
				{5, 6},
				{tagRef, 0, 0},
			}, nil)},
		{"map in key order", map[string]bool{"b": true, "cc": false, "a": false},
			append(typeHeader(reflect.Map, "map[string]bool"),
				tagValue, 3,
				1, 'a', 0,
				1, 'b', 1,
				2, 'c', 'c', 0)},
		{"interface", []any{nil, uint8(7)},
			append(append(typeHeader(reflect.Slice, "[]interface {}"), tagValue, 2, 2, tagNil),
				append(typeHeader(reflect.Uint8, "uint8"), 7)...)},
		{"struct with padding", struct {
			A bool
			b int32
		}{true, 3},
			append(typeHeader(reflect.Struct, "struct { A bool; b int32 }"), 1, 3, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := encode(t, tt.value); !bytes.Equal(got, tt.want) {
				t.Errorf("encoding\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestWalkNumberMatchesMemory checks the encoding of numbers through
// reflect, which only big-endian and 32-bit hosts use, against the copy of
// their memory that this host uses.
func TestWalkNumberMatchesMemory(t *testing.T) {
	if !littleEndian {
		t.Skip("memory is not the encoding on a big-endian host")
	}
	for _, x := range []any{
		true, false, int8(-3), int16(-300), int32(-3e6), int64(-3e12), -3,
		uint8(250), uint16(65000), uint32(4e9), uint64(1e19), uint(7),
		float32(-1.5), math.MaxFloat64, math.Copysign(0, -1), math.NaN(),
		complex64(complex(1, -2)), complex(math.Inf(1), 3),
	} {
		v := reflect.ValueOf(x)
		var viaReflect, viaMemory bytes.Buffer
		for _, c := range []struct {
			f   walkFunc
			dst *bytes.Buffer
		}{{walkNumber, &viaReflect}, {walkRaw, &viaMemory}} {
			w := &walker{dst: c.dst}
			c.f(w, v)
			w.flush()
		}
		if !bytes.Equal(viaReflect.Bytes(), viaMemory.Bytes()) {
			t.Errorf("%T(%v): through reflect % x, memory % x", x, x, viaReflect.Bytes(), viaMemory.Bytes())
		}
	}
}

func TestRawLayout(t *testing.T) {
	for _, tt := range []struct {
		value any
		want  bool
	}{
		{[4]float64{}, true},
		{struct{ X, Y float64 }{}, true},
		{struct{ A [2]int32 }{}, true},
		{struct{ B byte }{}, true},
		{struct {
			A bool
			B int32
		}{}, false}, // padding
		{struct{ A, _ int }{}, false}, // blank field
		{struct{ S string }{}, false},
		{[2]*int{}, false},
	} {
		if got := rawLayout(reflect.TypeOf(tt.value)); got != tt.want {
			t.Errorf("rawLayout(%T) = %v, want %v", tt.value, got, tt.want)
		}
	}
}
