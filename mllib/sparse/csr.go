package sparse

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// maxDim bounds rows and columns so every index fits in the int32 column
// index array.
const maxDim = math.MaxInt32

// Triplet is one (row, col, value) entry used to build a CSR matrix.
type Triplet struct {
	Row, Col int
	Value    float32
}

// CSR is an immutable rows x cols sparse matrix in compressed sparse row form.
// Within a row the column indices are strictly increasing.
//
// The zero value is a 0x0 matrix.
type CSR struct {
	rows, cols int
	indptr     []int   // len rows+1; row i occupies [indptr[i], indptr[i+1])
	indices    []int32 // column of each nonzero
	values     []float32
}

// ErrShape reports dimensions that are negative or too large.
var ErrShape = errors.New("sparse: bad shape")

// NewCSR builds a rows x cols matrix from triplets. Duplicate (row, col)
// entries are summed, which is what interaction logs with repeated events
// want. Triplets may come in any order; the slice is not modified.
// An index out of range or a NaN or infinite value is an error.
func NewCSR(rows, cols int, triplets []Triplet) (*CSR, error) {
	if rows < 0 || cols < 0 || rows > maxDim || cols > maxDim {
		return nil, fmt.Errorf("%w: %dx%d", ErrShape, rows, cols)
	}
	counts := make([]int, rows+1)
	for k, t := range triplets {
		if t.Row < 0 || t.Row >= rows || t.Col < 0 || t.Col >= cols {
			return nil, fmt.Errorf("sparse: triplet %d: index (%d, %d) out of range for %dx%d matrix", k, t.Row, t.Col, rows, cols)
		}
		if v := float64(t.Value); math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sparse: triplet %d: value %v at (%d, %d) is not finite", k, t.Value, t.Row, t.Col)
		}
		counts[t.Row+1]++
	}
	for i := 1; i <= rows; i++ {
		counts[i] += counts[i-1]
	}
	// Counting sort by row, then sort and merge duplicates within each row.
	indices := make([]int32, len(triplets))
	values := make([]float32, len(triplets))
	next := slices.Clone(counts[:rows])
	for _, t := range triplets {
		p := next[t.Row]
		indices[p] = int32(t.Col)
		values[p] = t.Value
		next[t.Row]++
	}
	m := &CSR{rows: rows, cols: cols, indptr: make([]int, rows+1)}
	out := 0
	for i := 0; i < rows; i++ {
		lo, hi := counts[i], counts[i+1]
		sort.Sort(rowSorter{indices[lo:hi], values[lo:hi]})
		for p := lo; p < hi; p++ {
			if out > m.indptr[i] && indices[out-1] == indices[p] {
				values[out-1] += values[p]
				continue
			}
			indices[out] = indices[p]
			values[out] = values[p]
			out++
		}
		m.indptr[i+1] = out
	}
	m.indices = slices.Clip(indices[:out])
	m.values = slices.Clip(values[:out])
	for k, v := range m.values {
		if math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("sparse: summing duplicates overflowed float32 at nonzero %d", k)
		}
	}
	return m, nil
}

type rowSorter struct {
	idx []int32
	val []float32
}

func (s rowSorter) Len() int           { return len(s.idx) }
func (s rowSorter) Less(i, j int) bool { return s.idx[i] < s.idx[j] }
func (s rowSorter) Swap(i, j int) {
	s.idx[i], s.idx[j] = s.idx[j], s.idx[i]
	s.val[i], s.val[j] = s.val[j], s.val[i]
}

// FromCSR wraps existing CSR arrays after checking them: indptr must have
// rows+1 nondecreasing entries starting at 0 and ending at len(indices), column
// indices must be in range and strictly increasing within each row, and values
// finite. The slices are used as is, not copied; the caller must not change
// them afterwards.
func FromCSR(rows, cols int, indptr []int, indices []int32, values []float32) (*CSR, error) {
	if rows < 0 || cols < 0 || rows > maxDim || cols > maxDim {
		return nil, fmt.Errorf("%w: %dx%d", ErrShape, rows, cols)
	}
	if len(indptr) != rows+1 {
		return nil, fmt.Errorf("sparse: indptr has %d entries, want %d", len(indptr), rows+1)
	}
	if len(indices) != len(values) {
		return nil, fmt.Errorf("sparse: %d indices but %d values", len(indices), len(values))
	}
	if indptr[0] != 0 || indptr[rows] != len(indices) {
		return nil, fmt.Errorf("sparse: indptr runs from %d to %d, want 0 to %d", indptr[0], indptr[rows], len(indices))
	}
	for i := 0; i < rows; i++ {
		lo, hi := indptr[i], indptr[i+1]
		if lo > hi || hi > len(indices) {
			return nil, fmt.Errorf("sparse: indptr decreases at row %d", i)
		}
		for p := lo; p < hi; p++ {
			c := indices[p]
			if c < 0 || int(c) >= cols {
				return nil, fmt.Errorf("sparse: row %d: column %d out of range [0, %d)", i, c, cols)
			}
			if p > lo && indices[p-1] >= c {
				return nil, fmt.Errorf("sparse: row %d: columns not strictly increasing at %d", i, c)
			}
			if v := float64(values[p]); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("sparse: row %d col %d: value %v is not finite", i, c, values[p])
			}
		}
	}
	return &CSR{rows: rows, cols: cols, indptr: indptr, indices: indices, values: values}, nil
}

// Rows returns the number of rows.
func (m *CSR) Rows() int { return m.rows }

// Cols returns the number of columns.
func (m *CSR) Cols() int { return m.cols }

// NNZ returns the number of stored nonzeros.
func (m *CSR) NNZ() int { return len(m.indices) }

// RowNNZ returns the number of stored entries in row i.
func (m *CSR) RowNNZ(i int) int {
	m.checkRow(i)
	return m.indptr[i+1] - m.indptr[i]
}

// Row returns the column indices and values of row i, sharing the matrix's
// storage so iteration does not allocate. Callers must not modify them.
func (m *CSR) Row(i int) (cols []int32, vals []float32) {
	m.checkRow(i)
	lo, hi := m.indptr[i], m.indptr[i+1]
	return m.indices[lo:hi:hi], m.values[lo:hi:hi]
}

// At returns the value at (i, j), 0 when it is not stored. Indices out of
// range panic, as for slices.
func (m *CSR) At(i, j int) float32 {
	m.checkRow(i)
	if j < 0 || j >= m.cols {
		panic(fmt.Sprintf("sparse: column %d out of range [0, %d)", j, m.cols))
	}
	cols, vals := m.Row(i)
	k, ok := slices.BinarySearch(cols, int32(j))
	if !ok {
		return 0
	}
	return vals[k]
}

// Has reports whether (i, j) is stored. A row out of range panics.
func (m *CSR) Has(i, j int) bool {
	cols, _ := m.Row(i)
	_, ok := slices.BinarySearch(cols, int32(j))
	return ok
}

// Each calls fn for every stored entry in row-major order.
func (m *CSR) Each(fn func(row, col int, value float32)) {
	for i := 0; i < m.rows; i++ {
		for p := m.indptr[i]; p < m.indptr[i+1]; p++ {
			fn(i, int(m.indices[p]), m.values[p])
		}
	}
}

// Triplets returns the stored entries in row-major order.
func (m *CSR) Triplets() []Triplet {
	out := make([]Triplet, 0, len(m.indices))
	m.Each(func(r, c int, v float32) { out = append(out, Triplet{r, c, v}) })
	return out
}

// Indptr, Indices and Values expose the raw CSR arrays for code that needs
// tight loops over them. They share storage with the matrix and must not be
// modified.
func (m *CSR) Indptr() []int     { return m.indptr }
func (m *CSR) Indices() []int32  { return m.indices }
func (m *CSR) Values() []float32 { return m.values }

// T returns the transpose as a new CSR matrix (equivalently, m in compressed
// sparse column form). Rows of the result are sorted because the input is
// scanned in row order.
func (m *CSR) T() *CSR {
	t := &CSR{rows: m.cols, cols: m.rows, indptr: make([]int, m.cols+1)}
	for _, c := range m.indices {
		t.indptr[c+1]++
	}
	for j := 1; j <= m.cols; j++ {
		t.indptr[j] += t.indptr[j-1]
	}
	t.indices = make([]int32, len(m.indices))
	t.values = make([]float32, len(m.values))
	next := slices.Clone(t.indptr[:m.cols])
	for i := 0; i < m.rows; i++ {
		for p := m.indptr[i]; p < m.indptr[i+1]; p++ {
			c := m.indices[p]
			q := next[c]
			t.indices[q] = int32(i)
			t.values[q] = m.values[p]
			next[c]++
		}
	}
	return t
}

// Map returns a matrix with the same sparsity pattern and values fn(row, col,
// value). It is how weighting schemes (BM25, tf-idf) are applied. A result that
// is NaN or infinite is an error.
func (m *CSR) Map(fn func(row, col int, value float32) float32) (*CSR, error) {
	out := &CSR{rows: m.rows, cols: m.cols, indptr: m.indptr, indices: m.indices, values: make([]float32, len(m.values))}
	for i := 0; i < m.rows; i++ {
		for p := m.indptr[i]; p < m.indptr[i+1]; p++ {
			v := fn(i, int(m.indices[p]), m.values[p])
			if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("sparse: map gave %v at (%d, %d)", v, i, m.indices[p])
			}
			out.values[p] = v
		}
	}
	return out, nil
}

// RowSums returns the sum of each row's values.
func (m *CSR) RowSums() []float64 {
	s := make([]float64, m.rows)
	for i := range s {
		for p := m.indptr[i]; p < m.indptr[i+1]; p++ {
			s[i] += float64(m.values[p])
		}
	}
	return s
}

// ColCounts returns the number of stored entries in each column.
func (m *CSR) ColCounts() []int {
	c := make([]int, m.cols)
	for _, j := range m.indices {
		c[j]++
	}
	return c
}

// String summarises the matrix for notebooks; it does not print entries.
func (m *CSR) String() string {
	density := 0.0
	if m.rows > 0 && m.cols > 0 {
		density = float64(len(m.indices)) / (float64(m.rows) * float64(m.cols))
	}
	return fmt.Sprintf("sparse.CSR %dx%d, %d nonzeros (density %.4g)", m.rows, m.cols, len(m.indices), density)
}

func (m *CSR) checkRow(i int) {
	if i < 0 || i >= m.rows {
		panic(fmt.Sprintf("sparse: row %d out of range [0, %d)", i, m.rows))
	}
}
