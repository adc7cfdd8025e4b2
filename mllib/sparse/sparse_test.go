package sparse

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNewCSRSortsAndSumsDuplicates(t *testing.T) {
	m, err := NewCSR(3, 4, []Triplet{{2, 3, 1}, {0, 2, 1}, {0, 0, 2}, {0, 2, 4}, {2, 1, 7}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows() != 3 || m.Cols() != 4 || m.NNZ() != 4 {
		t.Fatalf("shape %dx%d nnz %d", m.Rows(), m.Cols(), m.NNZ())
	}
	cols, vals := m.Row(0)
	if !slices.Equal(cols, []int32{0, 2}) || !slices.Equal(vals, []float32{2, 5}) {
		t.Errorf("row 0 = %v %v", cols, vals)
	}
	if m.RowNNZ(1) != 0 || m.At(2, 1) != 7 || m.At(1, 1) != 0 || !m.Has(2, 3) || m.Has(2, 2) {
		t.Errorf("At/Has wrong: %v", m.Triplets())
	}
}

func TestNewCSRErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		rows, cols int
		trips      []Triplet
	}{
		{"negative rows", -1, 2, nil},
		{"row out of range", 2, 2, []Triplet{{2, 0, 1}}},
		{"col out of range", 2, 2, []Triplet{{0, 2, 1}}},
		{"negative col", 2, 2, []Triplet{{0, -1, 1}}},
		{"NaN", 2, 2, []Triplet{{0, 0, float32(math.NaN())}}},
		{"Inf", 2, 2, []Triplet{{0, 0, float32(math.Inf(1))}}},
		{"overflowing duplicates", 1, 1, []Triplet{{0, 0, math.MaxFloat32}, {0, 0, math.MaxFloat32}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewCSR(tc.rows, tc.cols, tc.trips); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestFromCSRValidates(t *testing.T) {
	for _, tc := range []struct {
		name    string
		indptr  []int
		indices []int32
		values  []float32
	}{
		{"short indptr", []int{0, 1}, []int32{0}, []float32{1}},
		{"unsorted", []int{0, 2, 2}, []int32{1, 0}, []float32{1, 1}},
		{"decreasing indptr", []int{0, 2, 1}, []int32{0, 1}, []float32{1, 1}},
		{"col range", []int{0, 1, 1}, []int32{5}, []float32{1}},
		{"NaN", []int{0, 1, 1}, []int32{0}, []float32{float32(math.NaN())}},
		{"length mismatch", []int{0, 1, 1}, []int32{0}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := FromCSR(2, 2, tc.indptr, tc.indices, tc.values); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := FromCSR(2, 2, []int{0, 1, 2}, []int32{1, 0}, []float32{1, 2}); err != nil {
		t.Errorf("valid arrays rejected: %v", err)
	}
}

func TestTranspose(t *testing.T) {
	trips := []Triplet{{0, 1, 1}, {0, 3, 2}, {1, 0, 3}, {2, 3, 4}, {2, 1, 5}}
	m, err := NewCSR(3, 4, trips)
	if err != nil {
		t.Fatal(err)
	}
	tr := m.T()
	if tr.Rows() != 4 || tr.Cols() != 3 || tr.NNZ() != 5 {
		t.Fatalf("transpose shape %v", tr)
	}
	for _, x := range trips {
		if tr.At(x.Col, x.Row) != x.Value {
			t.Errorf("T at (%d,%d) = %v, want %v", x.Col, x.Row, tr.At(x.Col, x.Row), x.Value)
		}
	}
	if !slices.Equal(tr.T().Triplets(), m.Triplets()) {
		t.Error("T().T() differs")
	}
	for i := 0; i < tr.Rows(); i++ {
		cols, _ := tr.Row(i)
		if !slices.IsSorted(cols) {
			t.Errorf("row %d unsorted: %v", i, cols)
		}
	}
}

func TestMapRejectsNaN(t *testing.T) {
	m, _ := NewCSR(1, 1, []Triplet{{0, 0, 1}})
	if _, err := m.Map(func(_, _ int, v float32) float32 { return v - float32(math.Inf(1)) }); err == nil {
		t.Error("no error")
	}
	d, err := m.Map(func(_, _ int, v float32) float32 { return 2 * v })
	if err != nil || d.At(0, 0) != 2 || m.At(0, 0) != 1 {
		t.Errorf("Map: %v %v, original %v", d, err, m.At(0, 0))
	}
}

func TestIDMap(t *testing.T) {
	m := NewIDMap()
	if m.Add("b") != 0 || m.Add("a") != 1 || m.Add("b") != 0 || m.Len() != 2 {
		t.Fatal("Add does not number in first-seen order")
	}
	if i, ok := m.Index("a"); !ok || i != 1 {
		t.Error("Index(a)")
	}
	if _, ok := m.Index("zz"); ok {
		t.Error("unknown key found")
	}
	if m.Key(1) != "a" || !slices.Equal(m.Keys(), []string{"b", "a"}) {
		t.Error("Key/Keys")
	}
	if _, err := IDMapOf([]string{"x", "x"}); err == nil {
		t.Error("duplicate keys accepted")
	}
}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		opt        ReadOptions
		rows, cols int
		nnz        int
		sum        float64
	}{
		{"csv with header", "user,item,count\nu1,i1,3\nu2,i1,1\nu1,i2,2\n", ReadOptions{}, 2, 2, 3, 6},
		{"tsv", "u1\ti1\t3\n# comment\n\nu2\ti2\t1\n", ReadOptions{}, 2, 2, 2, 4},
		{"double colon", "1::10::5::978300760\n1::20::3::978302109\n", ReadOptions{}, 1, 2, 2, 8},
		{"spaces", "a  x  1\nb y 2\n", ReadOptions{}, 2, 2, 2, 3},
		{"duplicates summed", "a,x,1\na,x,2\n", ReadOptions{}, 1, 1, 1, 3},
		{"no value column", "a;x\nb;x\n", ReadOptions{Sep: ";", RowCol: 0, ColCol: 1, ValueCol: -1}, 2, 1, 2, 2},
		{"forced header", "1,2,3\n4,5,6\n", ReadOptions{Header: true}, 1, 1, 1, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := Read(strings.NewReader(tc.text), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var sum float64
			for _, s := range k.Matrix.RowSums() {
				sum += s
			}
			if k.Matrix.Rows() != tc.rows || k.Matrix.Cols() != tc.cols || k.Matrix.NNZ() != tc.nnz || sum != tc.sum {
				t.Errorf("got %v sum %v", k.Matrix, sum)
			}
			if k.Rows.Len() != tc.rows || k.Cols.Len() != tc.cols {
				t.Errorf("id maps %d, %d", k.Rows.Len(), k.Cols.Len())
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"bad value", "a,b,1\na,c,x\n", "line 2"},
		{"short line", "a,b,1\nc\n", "line 2"},
		{"NaN value", "a,b,NaN\n", "not finite"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.text), ReadOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want mention of %q", err, tc.want)
			}
		})
	}
}

func TestBinaryRoundTripAndCorruption(t *testing.T) {
	m, _ := NewCSR(3, 5, []Triplet{{0, 1, 1.5}, {2, 4, -2}, {2, 0, 3}})
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d CSR
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if d.Rows() != 3 || d.Cols() != 5 || !slices.Equal(d.Triplets(), m.Triplets()) {
		t.Errorf("round trip: %v", d.Triplets())
	}
	for n := 0; n < len(b); n++ {
		if err := new(CSR).UnmarshalBinary(b[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("prefix of %d bytes: err = %v", n, err)
		}
	}
	bad := bytes.Clone(b)
	bad[len(bad)-20] = 0xff // an index byte: out of range or unsorted
	bad[len(bad)-19] = 0xff
	if err := new(CSR).UnmarshalBinary(bad); !errors.Is(err, ErrCorrupt) {
		t.Errorf("corrupt index: err = %v", err)
	}
	var zero CSR
	zb, _ := zero.MarshalBinary()
	if err := new(CSR).UnmarshalBinary(zb); err != nil {
		t.Errorf("zero matrix: %v", err)
	}
}
