package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// SplitRatio holds out about testFraction of every user's interactions
// (rounded, and never all of them, so every user keeps at least one training
// item). Both results have m's shape. The choice is deterministic given seed.
func SplitRatio(m *sparse.CSR, testFraction float64, seed uint64) (train, test *sparse.CSR, err error) {
	if !(testFraction >= 0 && testFraction < 1) {
		return nil, nil, fmt.Errorf("dataset: split: test fraction %v, want in [0, 1)", testFraction)
	}
	return split(m, seed, func(n int) int {
		return min(n-1, int(math.Round(testFraction*float64(n))))
	})
}

// LeaveKOut holds out k random interactions of every user with more than k;
// users with k or fewer keep everything in training.
func LeaveKOut(m *sparse.CSR, k int, seed uint64) (train, test *sparse.CSR, err error) {
	if k < 0 {
		return nil, nil, fmt.Errorf("dataset: leave-k-out: k = %d, want >= 0", k)
	}
	return split(m, seed, func(n int) int {
		if n <= k {
			return 0
		}
		return k
	})
}

func split(m *sparse.CSR, seed uint64, held func(n int) int) (*sparse.CSR, *sparse.CSR, error) {
	if m == nil {
		return nil, nil, fmt.Errorf("dataset: split: nil matrix")
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed5011))
	var train, test []sparse.Triplet
	var perm []int
	for u := 0; u < m.Rows(); u++ {
		cols, vals := m.Row(u)
		n := len(cols)
		h := max(0, held(n))
		perm = perm[:0]
		for k := 0; k < n; k++ {
			perm = append(perm, k)
		}
		// Partial Fisher-Yates: the first h positions are the test items.
		for k := 0; k < h; k++ {
			j := k + rng.IntN(n-k)
			perm[k], perm[j] = perm[j], perm[k]
		}
		for k, p := range perm {
			t := sparse.Triplet{Row: u, Col: int(cols[p]), Value: vals[p]}
			if k < h {
				test = append(test, t)
			} else {
				train = append(train, t)
			}
		}
	}
	tr, err := sparse.NewCSR(m.Rows(), m.Cols(), train)
	if err != nil {
		return nil, nil, fmt.Errorf("dataset: split: %w", err)
	}
	te, err := sparse.NewCSR(m.Rows(), m.Cols(), test)
	if err != nil {
		return nil, nil, fmt.Errorf("dataset: split: %w", err)
	}
	return tr, te, nil
}
