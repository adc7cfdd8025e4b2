package als

import (
	"fmt"
	"math"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// confidence checks the raw users x items counts and returns the matrix of
// c - 1 = alpha * weight(r) that the solvers and the model use.
func confidence(m *sparse.CSR, o Options) (*sparse.CSR, error) {
	for k, v := range m.Values() {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("als: nonzero %d is %v", k, v)
		}
		if v < 0 {
			return nil, fmt.Errorf("als: negative count %v at nonzero %d: implicit feedback must be >= 0", v, k)
		}
	}
	items := m.Cols()
	// idf per user: users are the terms of item documents.
	idf := make([]float64, m.Rows())
	for u := range idf {
		idf[u] = max(0, math.Log(float64(items))-math.Log1p(float64(m.RowNNZ(u))))
	}
	var lengthNorm []float64
	if o.Weighting == BM25 {
		itemLen := make([]float64, items)
		m.Each(func(_, i int, v float32) { itemLen[i] += float64(v) })
		var total float64
		for _, l := range itemLen {
			total += l
		}
		avg := total / float64(items)
		lengthNorm = make([]float64, items)
		for i, l := range itemLen {
			lengthNorm[i] = (1 - o.BM25B)
			if avg > 0 {
				lengthNorm[i] += o.BM25B * l / avg
			}
		}
	}
	alpha := o.Alpha
	c, err := m.Map(func(u, i int, v float32) float32 {
		r := float64(v)
		switch o.Weighting {
		case BM25:
			if d := o.BM25K1*lengthNorm[i] + r; d > 0 {
				r = r * (o.BM25K1 + 1) / d * idf[u]
			} else {
				r = 0
			}
		case TFIDF:
			r = math.Sqrt(r) * idf[u]
		}
		return float32(alpha * r)
	})
	if err != nil {
		return nil, fmt.Errorf("als: weighting: %w", err)
	}
	return c, nil
}
