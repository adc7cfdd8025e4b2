package als

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/gokernel/gokernel/mllib/sparse"
)

// Model is a fitted factorisation together with the weighted training
// interactions it needs to exclude seen items and explain recommendations.
// Queries are safe for concurrent use.
type Model struct {
	factors, users, items int
	lambda                float64
	x, y                  []float32   // users x f and items x f, row-major
	seen                  *sparse.CSR // users x items, values c - 1

	normsOnce            sync.Once
	userNorms, itemNorms []float32
	gramOnce             sync.Once
	gram                 []float64 // YtY + lambda I, for Explain
}

// Recommendation is an item and its predicted preference x_u·y_i.
type Recommendation struct {
	Item  int
	Score float32
}

// Similar is a user or item and its cosine similarity to the query.
type Similar struct {
	ID    int
	Score float32
}

// Factors returns the number of latent factors.
func (m *Model) Factors() int { return m.factors }

// Users returns the number of users (rows of the training matrix).
func (m *Model) Users() int { return m.users }

// Items returns the number of items (columns of the training matrix).
func (m *Model) Items() int { return m.items }

// UserFactors returns a copy of user u's factor vector.
func (m *Model) UserFactors(u int) ([]float32, error) {
	if err := m.checkUser(u); err != nil {
		return nil, err
	}
	return slices.Clone(m.x[u*m.factors : (u+1)*m.factors]), nil
}

// ItemFactors returns a copy of item i's factor vector.
func (m *Model) ItemFactors(i int) ([]float32, error) {
	if err := m.checkItem(i); err != nil {
		return nil, err
	}
	return slices.Clone(m.y[i*m.factors : (i+1)*m.factors]), nil
}

// Seen returns the items user u interacted with in training.
func (m *Model) Seen(u int) ([]int, error) {
	if err := m.checkUser(u); err != nil {
		return nil, err
	}
	cols, _ := m.seen.Row(u)
	out := make([]int, len(cols))
	for k, c := range cols {
		out[k] = int(c)
	}
	return out, nil
}

// Scores writes x_u·y_i for every item i into dst, which must have length
// Items(). It is the metrics.Scorer interface.
func (m *Model) Scores(u int, dst []float32) error {
	if err := m.checkUser(u); err != nil {
		return err
	}
	if len(dst) != m.items {
		return fmt.Errorf("als: scores buffer has length %d, want %d items", len(dst), m.items)
	}
	f := m.factors
	xu := m.x[u*f : (u+1)*f]
	for i := range dst {
		dst[i] = vdot(xu, m.y[i*f:(i+1)*f])
	}
	return nil
}

// Recommend returns the n items with the highest predicted preference for
// user u, best first (ties by lower item index), leaving out the items u
// interacted with in training when excludeSeen is true.
func (m *Model) Recommend(u, n int, excludeSeen bool) ([]Recommendation, error) {
	if err := m.checkUser(u); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("als: n = %d, want >= 0", n)
	}
	scores := make([]float32, m.items)
	if err := m.Scores(u, scores); err != nil {
		return nil, err
	}
	var skip []int32
	if excludeSeen {
		skip, _ = m.seen.Row(u)
	}
	top := topN(scores, n, func(i int) bool {
		_, found := slices.BinarySearch(skip, int32(i))
		return found
	})
	out := make([]Recommendation, len(top))
	for k, t := range top {
		out[k] = Recommendation{Item: t.ID, Score: t.Score}
	}
	return out, nil
}

// SimilarItems returns the n items whose factors have the highest cosine
// similarity with item i's, best first, not including i itself.
func (m *Model) SimilarItems(i, n int) ([]Similar, error) {
	if err := m.checkItem(i); err != nil {
		return nil, err
	}
	m.norms()
	return similar(m.y, m.itemNorms, m.factors, i, n)
}

// SimilarUsers returns the n users whose factors have the highest cosine
// similarity with user u's, best first, not including u itself.
func (m *Model) SimilarUsers(u, n int) ([]Similar, error) {
	if err := m.checkUser(u); err != nil {
		return nil, err
	}
	m.norms()
	return similar(m.x, m.userNorms, m.factors, u, n)
}

func similar(v []float32, norms []float32, f, q, n int) ([]Similar, error) {
	if n < 0 {
		return nil, fmt.Errorf("als: n = %d, want >= 0", n)
	}
	rows := len(norms)
	scores := make([]float32, rows)
	vq := v[q*f : (q+1)*f]
	for r := range scores {
		if d := norms[q] * norms[r]; d > 0 {
			scores[r] = vdot(vq, v[r*f:(r+1)*f]) / d
		}
	}
	return topN(scores, n, func(r int) bool { return r == q }), nil
}

func (m *Model) norms() {
	m.normsOnce.Do(func() {
		f := m.factors
		m.userNorms = make([]float32, m.users)
		for u := range m.userNorms {
			x := m.x[u*f : (u+1)*f]
			m.userNorms[u] = float32(math.Sqrt(float64(vdot(x, x))))
		}
		m.itemNorms = make([]float32, m.items)
		for i := range m.itemNorms {
			y := m.y[i*f : (i+1)*f]
			m.itemNorms[i] = float32(math.Sqrt(float64(vdot(y, y))))
		}
	})
}

func (m *Model) checkUser(u int) error {
	if m == nil {
		return ErrNilModel
	}
	if u < 0 || u >= m.users {
		return fmt.Errorf("als: user %d out of range [0, %d)", u, m.users)
	}
	return nil
}

func (m *Model) checkItem(i int) error {
	if m == nil {
		return ErrNilModel
	}
	if i < 0 || i >= m.items {
		return fmt.Errorf("als: item %d out of range [0, %d)", i, m.items)
	}
	return nil
}

// String summarises the model for notebooks.
func (m *Model) String() string {
	return fmt.Sprintf("als.Model %d users x %d items, %d factors, lambda %g", m.users, m.items, m.factors, m.lambda)
}

// topN returns the n highest scores, best first with ties broken by lower
// index, skipping indices for which skip is true. A min-heap of size n keeps
// this O(len(scores) log n).
func topN(scores []float32, n int, skip func(int) bool) []Similar {
	h := make(minHeap, 0, n)
	for i, s := range scores {
		if n == 0 || skip(i) || math.IsNaN(float64(s)) {
			continue
		}
		e := Similar{ID: i, Score: s}
		if len(h) < n {
			heap.Push(&h, e)
		} else if worse(h[0], e) {
			h[0] = e
			heap.Fix(&h, 0)
		}
	}
	out := []Similar(h)
	slices.SortFunc(out, func(a, b Similar) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// worse reports whether a ranks below b.
func worse(a, b Similar) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.ID > b.ID
}

type minHeap []Similar

func (h minHeap) Len() int           { return len(h) }
func (h minHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h minHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)        { *h = append(*h, x.(Similar)) }
func (h *minHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
