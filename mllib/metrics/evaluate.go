package metrics

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/gokernel/gokernel/internal/interrupt"
	"github.com/gokernel/gokernel/mllib/sparse"
)

// Scorer is anything that can score every item for a user: dst has one slot
// per item and higher means more recommended. *als.Model implements it.
type Scorer interface {
	Scores(user int, dst []float32) error
}

// Report holds metrics averaged over the users with at least one held-out
// item (AUC over those that also have an irrelevant candidate).
type Report struct {
	K                      int
	Users                  int
	Precision, Recall, MAP float64
	NDCG, AUC              float64
}

// String formats the report as one line.
func (r Report) String() string {
	return fmt.Sprintf("users=%d p@%d=%.4f r@%d=%.4f map@%d=%.4f ndcg@%d=%.4f auc=%.4f",
		r.Users, r.K, r.Precision, r.K, r.Recall, r.K, r.MAP, r.K, r.NDCG, r.AUC)
}

// Evaluate ranks, for every user with held-out items in test, all items the
// user did not have in train, and averages the metrics at k. train and test
// must have the same shape. Users are spread over all cores; per-user results
// are summed in user order, so the report is deterministic. It stops with
// ctx's error (its context.Cause), wrapped, when ctx is cancelled, checking
// between users. In a gokernel notebook, interrupting the cell stops it too,
// whatever context the cell passed.
func Evaluate(ctx context.Context, s Scorer, train, test *sparse.CSR, k int) (Report, error) {
	ctx, release := interrupt.With(ctx)
	defer release()
	if train == nil || test == nil {
		return Report{}, fmt.Errorf("metrics: nil matrix")
	}
	if s == nil {
		return Report{}, fmt.Errorf("metrics: nil scorer")
	}
	if train.Rows() != test.Rows() || train.Cols() != test.Cols() {
		return Report{}, fmt.Errorf("metrics: train is %dx%d but test is %dx%d", train.Rows(), train.Cols(), test.Rows(), test.Cols())
	}
	if k < 1 {
		return Report{}, fmt.Errorf("metrics: k = %d, want >= 1", k)
	}
	users, items := test.Rows(), test.Cols()
	type row struct {
		p, r, ap, ndcg, auc float64
		ok, aucOK           bool
	}
	res := make([]row, users)
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A scorer's panic (a notebook's own Scores method, a nil model) becomes
			// the error of Evaluate: in a goroutine it would end the whole process.
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("metrics: scorer panicked: %v", r)
					}
					mu.Unlock()
				}
			}()
			scores := make([]float32, items)
			var cand, ranked, relevant []int
			for u := w; u < users; u += workers {
				if ctx.Err() != nil {
					return
				}
				tc, _ := test.Row(u)
				if len(tc) == 0 {
					continue
				}
				if err := s.Scores(u, scores); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("metrics: user %d: %w", u, err)
					}
					mu.Unlock()
					return
				}
				seen, _ := train.Row(u)
				cand = cand[:0]
				for i := 0; i < items; i++ {
					if _, s := slices.BinarySearch(seen, int32(i)); !s {
						cand = append(cand, i)
					}
				}
				relevant = relevant[:0]
				for _, c := range tc {
					relevant = append(relevant, int(c))
				}
				ranked = TopK(scores, cand, k, ranked[:0])
				auc := AUC(scores, cand, relevant)
				res[u] = row{
					p: PrecisionAtK(ranked, relevant, k), r: RecallAtK(ranked, relevant, k),
					ap: APAtK(ranked, relevant, k), ndcg: NDCGAtK(ranked, relevant, k),
					auc: auc, ok: true, aucOK: !math.IsNaN(auc),
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return Report{}, firstErr
	}
	if ctx.Err() != nil {
		return Report{}, fmt.Errorf("metrics: %w", context.Cause(ctx))
	}
	rep := Report{K: k}
	aucUsers := 0
	for _, r := range res {
		if !r.ok {
			continue
		}
		rep.Users++
		rep.Precision += r.p
		rep.Recall += r.r
		rep.MAP += r.ap
		rep.NDCG += r.ndcg
		if r.aucOK {
			rep.AUC += r.auc
			aucUsers++
		}
	}
	if rep.Users == 0 {
		return Report{}, fmt.Errorf("metrics: no user has held-out interactions")
	}
	n := float64(rep.Users)
	rep.Precision /= n
	rep.Recall /= n
	rep.MAP /= n
	rep.NDCG /= n
	if aucUsers > 0 {
		rep.AUC /= float64(aucUsers)
	} else {
		rep.AUC = math.NaN()
	}
	return rep, nil
}

// TopK appends to dst the k candidates with the highest scores, best first,
// ties broken by lower item id.
func TopK(scores []float32, candidates []int, k int, dst []int) []int {
	better := func(a, b int) bool {
		if scores[a] != scores[b] {
			return scores[a] > scores[b]
		}
		return a < b
	}
	if k <= 0 {
		return dst
	}
	// Insertion into a short sorted list: k is small (10, 20) in practice.
	base := len(dst)
	for _, c := range candidates {
		n := len(dst) - base
		if n == k && !better(c, dst[len(dst)-1]) {
			continue
		}
		if n < k {
			dst = append(dst, c)
		} else {
			dst[len(dst)-1] = c
		}
		for p := len(dst) - 1; p > base && better(dst[p], dst[p-1]); p-- {
			dst[p], dst[p-1] = dst[p-1], dst[p]
		}
	}
	return dst
}

// Popularity scores items by how many training users interacted with them:
// the baseline any personalised model has to beat.
type Popularity struct {
	counts []float32
}

// NewPopularity counts item occurrences in train.
func NewPopularity(train *sparse.CSR) *Popularity {
	p := &Popularity{counts: make([]float32, train.Cols())}
	for i, c := range train.ColCounts() {
		p.counts[i] = float32(c)
	}
	return p
}

// Scores gives every user the same scores, the item counts.
func (p *Popularity) Scores(_ int, dst []float32) error {
	if len(dst) != len(p.counts) {
		return fmt.Errorf("metrics: popularity: buffer has length %d, want %d", len(dst), len(p.counts))
	}
	copy(dst, p.counts)
	return nil
}
