package als

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Explanation says which of a user's training items drive a predicted score.
type Explanation struct {
	// Score is the prediction for the item with the user's factors solved
	// exactly from the training data: the sum of all contributions. It equals
	// x_u·y_i up to how far the fit's solver was from exact.
	Score float64
	// Contributions are the largest (by absolute value) per-item terms, best
	// first.
	Contributions []Contribution
}

// Contribution is the part of an explained score due to one training item.
type Contribution struct {
	Item  int
	Score float64
}

// Explain decomposes the score of item for user u into contributions of the
// user's training items, as in Hu, Koren and Volinsky section 5: with
// W_u = (YtY + lambda I + Yᵀ(C_u - I)Y)^-1, the score is
// sum_j c_uj y_iᵀ W_u y_j over the user's items j. It returns the n largest.
func (m *Model) Explain(u, item, n int) (Explanation, error) {
	if err := m.checkUser(u); err != nil {
		return Explanation{}, err
	}
	if err := m.checkItem(item); err != nil {
		return Explanation{}, err
	}
	if n < 0 {
		return Explanation{}, fmt.Errorf("als: n = %d, want >= 0", n)
	}
	f := m.factors
	m.gramOnce.Do(func() {
		g := make([]float64, f*f)
		for i := 0; i < m.items; i++ {
			y := m.y[i*f : (i+1)*f]
			for a := 0; a < f; a++ {
				for b := a; b < f; b++ {
					g[a*f+b] += float64(y[a]) * float64(y[b])
				}
			}
		}
		for a := 0; a < f; a++ {
			g[a*f+a] += m.lambda
			for b := a + 1; b < f; b++ {
				g[b*f+a] = g[a*f+b]
			}
		}
		m.gram = g
	})
	a := mat.NewSymDense(f, slices.Clone(m.gram))
	cols, vals := m.seen.Row(u)
	for j, i := range cols {
		y := m.y[int(i)*f : int(i)*f+f]
		yv := make([]float64, f)
		for k, v := range y {
			yv[k] = float64(v)
		}
		a.SymRankOne(a, float64(vals[j]), mat.NewVecDense(f, yv))
	}
	var ch mat.Cholesky
	if !ch.Factorize(a) {
		return Explanation{}, fmt.Errorf("als: explain user %d: system is not positive definite (lambda %g)", u, m.lambda)
	}
	yi := make([]float64, f)
	for k, v := range m.y[item*f : (item+1)*f] {
		yi[k] = float64(v)
	}
	var w mat.VecDense
	if err := ch.SolveVecTo(&w, mat.NewVecDense(f, yi)); err != nil {
		return Explanation{}, fmt.Errorf("als: explain user %d: %w", u, err)
	}
	var ex Explanation
	all := make([]Contribution, len(cols))
	for j, i := range cols {
		var s float64
		for k, v := range m.y[int(i)*f : int(i)*f+f] {
			s += float64(v) * w.AtVec(k)
		}
		s *= 1 + float64(vals[j])
		all[j] = Contribution{Item: int(i), Score: s}
		ex.Score += s
	}
	slices.SortFunc(all, func(a, b Contribution) int {
		if c := cmp.Compare(math.Abs(b.Score), math.Abs(a.Score)); c != 0 {
			return c
		}
		return cmp.Compare(a.Item, b.Item)
	})
	ex.Contributions = all[:min(n, len(all))]
	return ex, nil
}
