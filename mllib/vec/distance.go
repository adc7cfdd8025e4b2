package vec

import "math"

// Dot returns the inner product of a and b. It panics if their lengths
// differ: that is a programming error, never a data condition.
func Dot(a, b []float32) float32 {
	if len(a) != len(b) {
		panic("vec: Dot of vectors with different lengths")
	}
	if useAVX512 { // constants false where there is no assembly
		return dotAVX512(a, b)
	}
	if hasAVX2FMA {
		return dotAVX2(a, b)
	}
	return dotGo(a, b)
}

// dotGo is the portable kernel, used where AVX2 is unavailable.
func dotGo(a, b []float32) float32 {
	// Eight accumulators break the floating-point add dependency chain so
	// the CPU can keep several adds in flight; a single accumulator is
	// bound by add latency and runs about four times slower.
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		y := b[i : i+8 : i+8]
		s0 += x[0] * y[0]
		s1 += x[1] * y[1]
		s2 += x[2] * y[2]
		s3 += x[3] * y[3]
		s4 += x[4] * y[4]
		s5 += x[5] * y[5]
		s6 += x[6] * y[6]
		s7 += x[7] * y[7]
	}
	for ; i < n; i++ {
		s0 += a[i] * b[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// SquaredL2 returns the squared Euclidean distance between a and b. It is
// computed from the differences, not as |a|²+|b|²-2a·b, which would lose all
// precision for nearby points.
func SquaredL2(a, b []float32) float32 {
	if len(a) != len(b) {
		panic("vec: SquaredL2 of vectors with different lengths")
	}
	if useAVX512 {
		return sqL2AVX512(a, b)
	}
	if hasAVX2FMA {
		return sqL2AVX2(a, b)
	}
	return sqL2Go(a, b)
}

// sqL2Go is the portable kernel, used where AVX2 is unavailable.
func sqL2Go(a, b []float32) float32 {
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	n := len(a)
	i := 0
	for ; i+8 <= n; i += 8 {
		x := a[i : i+8 : i+8]
		y := b[i : i+8 : i+8]
		d0 := x[0] - y[0]
		d1 := x[1] - y[1]
		d2 := x[2] - y[2]
		d3 := x[3] - y[3]
		d4 := x[4] - y[4]
		d5 := x[5] - y[5]
		d6 := x[6] - y[6]
		d7 := x[7] - y[7]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
		s4 += d4 * d4
		s5 += d5 * d5
		s6 += d6 * d6
		s7 += d7 * d7
	}
	for ; i < n; i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

// SquaredL2Rows sets out[i] to SquaredL2(q, row) for the row rows[i] of
// data, a flat row-major matrix of rows of len(q) floats, the same value
// bit for bit. It is faster than a loop over SquaredL2 when the rows are
// not in cache, as in a graph or tree search over a large index: it works
// on several rows at once, so their memory loads overlap. It panics if out
// is shorter than rows or a row lies outside data.
func SquaredL2Rows(out, q, data []float32, rows []uint32) {
	distRows(out, q, data, rows, false)
}

// DotRows sets out[i] to Dot(q, row) for the row rows[i] of data, as
// SquaredL2Rows does for SquaredL2.
func DotRows(out, q, data []float32, rows []uint32) {
	distRows(out, q, data, rows, true)
}

func distRows(out, q, data []float32, rows []uint32, dot bool) {
	if len(out) < len(rows) {
		panic("vec: distances to rows: out is shorter than rows")
	}
	out = out[:len(rows)]
	dim := len(q)
	if dim == 0 {
		clear(out)
		return
	}
	n := uint(len(data) / dim)
	for _, r := range rows {
		if uint(r) >= n {
			panic("vec: distances to rows: row index out of range")
		}
	}
	i := rowsAsm(out, q, data, rows, dot)
	for ; i < len(rows); i++ {
		o := int(rows[i]) * dim
		if dot {
			out[i] = Dot(q, data[o:o+dim:o+dim])
		} else {
			out[i] = SquaredL2(q, data[o:o+dim:o+dim])
		}
	}
}

// L2Distance returns the Euclidean distance between a and b.
func L2Distance(a, b []float32) float32 {
	return float32(math.Sqrt(float64(SquaredL2(a, b))))
}

// Norm returns the Euclidean length of a.
func Norm(a []float32) float32 {
	return float32(math.Sqrt(float64(Dot(a, a))))
}

// CosineSimilarity returns cos(a, b). A zero vector has no direction; its
// similarity to anything is defined as 0 rather than NaN so that rankings
// stay total.
func CosineSimilarity(a, b []float32) float32 {
	if len(a) != len(b) {
		panic("vec: CosineSimilarity of vectors with different lengths")
	}
	// One pass computes all three sums so each element is loaded once; two
	// interleaved sets of accumulators shorten the add dependency chains.
	var ab, aa, bb float32
	var ab1, aa1, bb1 float32
	n := len(a)
	i := 0
	for ; i+2 <= n; i += 2 {
		x0, y0 := a[i], b[i]
		x1, y1 := a[i+1], b[i+1]
		ab += x0 * y0
		aa += x0 * x0
		bb += y0 * y0
		ab1 += x1 * y1
		aa1 += x1 * x1
		bb1 += y1 * y1
	}
	if i < n {
		ab += a[i] * b[i]
		aa += a[i] * a[i]
		bb += b[i] * b[i]
	}
	ab += ab1
	aa += aa1
	bb += bb1
	if aa == 0 || bb == 0 {
		return 0
	}
	return float32(float64(ab) / math.Sqrt(float64(aa)*float64(bb)))
}

// Normalize scales a in place to unit length and returns its previous
// length. A zero vector is left unchanged.
func Normalize(a []float32) float32 {
	n := Norm(a)
	if n == 0 {
		return 0
	}
	inv := 1 / n
	for i := range a {
		a[i] *= inv
	}
	return n
}

// NormalizeRows normalizes each of the len(data)/dim rows of data in place.
func NormalizeRows(data []float32, dim int) {
	checkFlat(data, dim)
	for off := 0; off < len(data); off += dim {
		Normalize(data[off : off+dim])
	}
}

func checkFlat(data []float32, dim int) {
	if dim <= 0 {
		panic("vec: dimension must be positive")
	}
	if len(data)%dim != 0 {
		panic("vec: flat data length is not a multiple of the dimension")
	}
}
