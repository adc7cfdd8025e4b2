package vec

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// Similarities returns the len(a)/dim × len(b)/dim matrix, row-major, whose
// entry (i, j) is the similarity of row i of a to row j of b under m:
// cos(aᵢ, bⱼ) for Cosine, aᵢ·bⱼ for InnerProduct and the negated Euclidean
// distance -|aᵢ-bⱼ| for L2, so that for every metric larger means more
// similar. The dot products come from one blas32.Gemm call.
func Similarities(a, b []float32, dim int, m Metric) []float32 {
	checkFlat(a, dim)
	checkFlat(b, dim)
	na, nb := len(a)/dim, len(b)/dim
	out := make([]float32, na*nb)
	if na == 0 || nb == 0 {
		return out
	}
	if m == Cosine {
		a = append([]float32(nil), a...)
		b = append([]float32(nil), b...)
		NormalizeRows(a, dim)
		NormalizeRows(b, dim)
	}
	blas32.Gemm(blas.NoTrans, blas.Trans, 1,
		blas32.General{Rows: na, Cols: dim, Stride: dim, Data: a},
		blas32.General{Rows: nb, Cols: dim, Stride: dim, Data: b},
		0, blas32.General{Rows: na, Cols: nb, Stride: nb, Data: out})
	switch m {
	case Cosine, InnerProduct:
		return out
	case L2:
		// |a-b|² = |a|² + |b|² - 2a·b is fine here: the matrix is for
		// overviews, and a negative rounding residue is clamped to zero.
		nb2 := make([]float32, nb)
		for j := range nb2 {
			r := b[j*dim : (j+1)*dim]
			nb2[j] = Dot(r, r)
		}
		for i := 0; i < na; i++ {
			r := a[i*dim : (i+1)*dim]
			na2 := Dot(r, r)
			row := out[i*nb : (i+1)*nb]
			for j := range row {
				d := na2 + nb2[j] - 2*row[j]
				if d < 0 {
					d = 0
				}
				row[j] = -float32(math.Sqrt(float64(d)))
			}
		}
		return out
	}
	panic("vec: invalid metric")
}
