package als

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gokernel/gokernel/mllib/dataset"
	"github.com/gokernel/gokernel/mllib/metrics"
	"github.com/gokernel/gokernel/mllib/sparse"
)

// small returns a synthetic data set small enough for unit tests.
func small(t testing.TB, seed uint64) *dataset.Synthetic {
	t.Helper()
	s, err := dataset.GenerateSynthetic(dataset.SyntheticOptions{
		Users: 600, Items: 300, Interactions: 24000, MinPerUser: 10, Factors: 6, Seed: seed,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fit(t testing.TB, m *sparse.CSR, o Options) *Model {
	t.Helper()
	model, err := Fit(context.Background(), m, o)
	if err != nil {
		t.Fatal(err)
	}
	return model
}

func TestObjectiveDecreasesEveryIteration(t *testing.T) {
	data := small(t, 1)
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"cg3", Options{Factors: 16, Solver: CG}},
		{"cg1", Options{Factors: 16, Solver: CG, CGSteps: 1}},
		{"cholesky", Options{Factors: 16, Solver: Cholesky}},
		{"bm25", Options{Factors: 8, Weighting: BM25, Alpha: 5}},
		{"tfidf", Options{Factors: 8, Weighting: TFIDF, Alpha: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var losses []float64
			o := tc.opt
			o.Iterations, o.ComputeLoss, o.Seed = 8, true, 3
			o.Progress = func(it Iteration) {
				if !it.HasLoss || math.IsNaN(it.Loss) {
					t.Fatalf("iteration %d without loss", it.Iteration)
				}
				losses = append(losses, it.Loss)
			}
			fit(t, data.Matrix, o)
			if len(losses) != 8 {
				t.Fatalf("%d progress calls, want 8", len(losses))
			}
			for i := 1; i < len(losses); i++ {
				if losses[i] > losses[i-1]*(1+1e-5) {
					t.Errorf("loss rose at iteration %d: %v -> %v (all %v)", i+1, losses[i-1], losses[i], losses)
				}
			}
			if losses[len(losses)-1] >= losses[0] {
				t.Errorf("no progress: %v", losses)
			}
		})
	}
}

// TestCGMatchesCholesky checks the solvers twice: run to convergence on one
// half-step, CG must reach the exact solution; and after full fits, CG-3's
// objective must be within a few percent of Cholesky's.
func TestCGMatchesCholesky(t *testing.T) {
	data := small(t, 2)
	m := data.Matrix
	const f = 12
	cui, err := confidence(m, Options{Alpha: 2})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	y := make([]float32, m.Cols()*f)
	for i := range y {
		y[i] = rng.Float32()*0.2 - 0.1
	}
	solveWith := func(o Options) []float32 {
		o.Factors, o.Lambda, o.Workers = f, 0.1, 2
		s := newSweeper(o, m.Rows())
		g, err := s.gram(context.Background(), y, m.Cols(), s.gramA)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float32, m.Rows()*f)
		if err := s.solve(context.Background(), x, y, cui, g); err != nil {
			t.Fatal(err)
		}
		return x
	}
	exact := solveWith(Options{Solver: Cholesky})
	cg := solveWith(Options{Solver: CG, CGSteps: 3 * f})
	var diff, norm float64
	for i := range exact {
		d := float64(exact[i] - cg[i])
		diff += d * d
		norm += float64(exact[i]) * float64(exact[i])
	}
	rel := math.Sqrt(diff / norm)
	t.Logf("converged CG vs Cholesky: relative difference %.2g", rel)
	if rel > 1e-3 {
		t.Errorf("converged CG differs from Cholesky by %.2g (relative)", rel)
	}

	final := func(s Solver) float64 {
		var last float64
		fit(t, m, Options{Factors: 16, Iterations: 15, Solver: s, Alpha: 2, ComputeLoss: true,
			Progress: func(it Iteration) { last = it.Loss }})
		return last
	}
	lc, lx := final(CG), final(Cholesky)
	t.Logf("loss after 15 iterations: CG-3 %.6g, Cholesky %.6g", lc, lx)
	if math.Abs(lc-lx)/lx > 0.02 {
		t.Errorf("final loss CG-3 %v vs Cholesky %v: more than 2%% apart", lc, lx)
	}
}

// TestRecoversPlantedStructure fits held-in data and checks that ranking the
// held-out items is far better than ranking by popularity.
func TestRecoversPlantedStructure(t *testing.T) {
	data := small(t, 4)
	train, test, err := dataset.SplitRatio(data.Matrix, 0.2, 9)
	if err != nil {
		t.Fatal(err)
	}
	model := fit(t, train, Options{Factors: 16, Iterations: 10, Alpha: 2, Lambda: 0.1})
	ctx := context.Background()
	got, err := metrics.Evaluate(ctx, model, train, test, 10)
	if err != nil {
		t.Fatal(err)
	}
	base, err := metrics.Evaluate(ctx, metrics.NewPopularity(train), train, test, 10)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("als %v\npopularity %v", got, base)
	if got.Precision < 2*base.Precision {
		t.Errorf("precision@10 %.3f, not twice the popularity baseline %.3f", got.Precision, base.Precision)
	}
	if got.AUC <= base.AUC {
		t.Errorf("AUC %.3f not above popularity %.3f", got.AUC, base.AUC)
	}
}

func TestFitDeterministicAcrossWorkers(t *testing.T) {
	data := small(t, 5)
	base := Options{Factors: 8, Iterations: 3, Seed: 42}
	one, three := base, base
	one.Workers, three.Workers = 1, 3
	a, b := fit(t, data.Matrix, one), fit(t, data.Matrix, three)
	if !slices.Equal(a.x, b.x) || !slices.Equal(a.y, b.y) {
		t.Error("factors depend on the number of workers")
	}
	other := base
	other.Seed = 43
	if c := fit(t, data.Matrix, other); slices.Equal(a.y, c.y) {
		t.Error("different seeds gave identical factors")
	}
}

func TestFitRejectsBadInput(t *testing.T) {
	good, _ := sparse.NewCSR(2, 2, []sparse.Triplet{tr(0, 0, 1), tr(1, 1, 2)})
	neg, _ := sparse.NewCSR(2, 2, []sparse.Triplet{tr(0, 0, 1), tr(1, 1, -2)})
	noNNZ, _ := sparse.NewCSR(3, 3, nil)
	zero, _ := sparse.NewCSR(0, 0, nil)
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		m    *sparse.CSR
		opt  Options
	}{
		{"nil matrix", nil, Options{}},
		{"0x0 matrix", zero, Options{}},
		{"no nonzeros", noNNZ, Options{}},
		{"negative count", neg, Options{}},
		{"NaN lambda", good, Options{Lambda: nan}},
		{"negative lambda", good, Options{Lambda: -1}},
		{"NaN alpha", good, Options{Alpha: nan}},
		{"infinite alpha", good, Options{Alpha: math.Inf(1)}},
		{"negative factors", good, Options{Factors: -3}},
		{"negative iterations", good, Options{Iterations: -1}},
		{"negative CG steps", good, Options{CGSteps: -1}},
		{"unknown solver", good, Options{Solver: 7}},
		{"unknown weighting", good, Options{Weighting: 9}},
		{"BM25 B > 1", good, Options{Weighting: BM25, BM25B: 2}},
		{"negative workers", good, Options{Workers: -1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Fit(context.Background(), tc.m, tc.opt); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := Fit(context.Background(), good, Options{Factors: 2, Iterations: 2}); err != nil {
		t.Errorf("valid input rejected: %v", err)
	}
}

func TestQueriesRejectIDsOutOfRange(t *testing.T) {
	data := small(t, 6)
	m := fit(t, data.Matrix, Options{Factors: 4, Iterations: 1})
	u, i := m.Users(), m.Items()
	for name, call := range map[string]func() error{
		"Recommend user -1":       func() error { _, err := m.Recommend(-1, 5, true); return err },
		"Recommend user=Users":    func() error { _, err := m.Recommend(u, 5, true); return err },
		"Recommend n<0":           func() error { _, err := m.Recommend(0, -1, true); return err },
		"SimilarItems item=Items": func() error { _, err := m.SimilarItems(i, 5); return err },
		"SimilarUsers user -1":    func() error { _, err := m.SimilarUsers(-1, 5); return err },
		"UserFactors":             func() error { _, err := m.UserFactors(u); return err },
		"ItemFactors":             func() error { _, err := m.ItemFactors(-1); return err },
		"Explain item":            func() error { _, err := m.Explain(0, i, 3); return err },
		"Explain user":            func() error { _, err := m.Explain(u, 0, 3); return err },
		"Scores buffer":           func() error { return m.Scores(0, make([]float32, i-1)) },
		"Seen":                    func() error { _, err := m.Seen(u); return err },
	} {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRecommend(t *testing.T) {
	data := small(t, 7)
	m := fit(t, data.Matrix, Options{Factors: 8, Iterations: 4})
	for u := 0; u < 20; u++ {
		recs, err := m.Recommend(u, 15, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 15 {
			t.Fatalf("user %d: %d recommendations", u, len(recs))
		}
		seen, _ := m.Seen(u)
		scores := make([]float32, m.Items())
		m.Scores(u, scores)
		// The best unseen score must be the first recommendation.
		best := float32(math.Inf(-1))
		for i, s := range scores {
			if !slices.Contains(seen, i) {
				best = max(best, s)
			}
		}
		if recs[0].Score != best {
			t.Errorf("user %d: first score %v, best unseen %v", u, recs[0].Score, best)
		}
		for k, r := range recs {
			if slices.Contains(seen, r.Item) {
				t.Errorf("user %d: seen item %d recommended", u, r.Item)
			}
			if r.Score != scores[r.Item] {
				t.Errorf("user %d item %d: score %v, Scores says %v", u, r.Item, r.Score, scores[r.Item])
			}
			if k > 0 && r.Score > recs[k-1].Score {
				t.Errorf("user %d: not sorted at %d", u, k)
			}
		}
		all, _ := m.Recommend(u, m.Items(), false)
		if len(all) != m.Items() {
			t.Errorf("user %d: %d of %d items without exclusion", u, len(all), m.Items())
		}
	}
}

func TestSimilar(t *testing.T) {
	data := small(t, 8)
	m := fit(t, data.Matrix, Options{Factors: 8, Iterations: 4})
	for _, q := range []int{0, 17, m.Items() - 1} {
		sim, err := m.SimilarItems(q, 5)
		if err != nil {
			t.Fatal(err)
		}
		yq, _ := m.ItemFactors(q)
		bestID, best := -1, math.Inf(-1)
		for i := 0; i < m.Items(); i++ {
			if i == q {
				continue
			}
			yi, _ := m.ItemFactors(i)
			c := cosine(yq, yi)
			if c > best {
				bestID, best = i, c
			}
		}
		if sim[0].ID != bestID || math.Abs(float64(sim[0].Score)-best) > 1e-4 {
			t.Errorf("item %d: top similar %+v, brute force %d (%v)", q, sim[0], bestID, best)
		}
		for _, s := range sim {
			if s.ID == q || s.Score > 1.0001 || s.Score < -1.0001 {
				t.Errorf("item %d: bad neighbour %+v", q, s)
			}
		}
	}
	su, err := m.SimilarUsers(3, 4)
	if err != nil || len(su) != 4 || su[0].ID == 3 {
		t.Errorf("SimilarUsers: %v %v", su, err)
	}
}

func tr(r, c int, v float32) sparse.Triplet { return sparse.Triplet{Row: r, Col: c, Value: v} }

func cosine(a, b []float32) float64 {
	var ab, aa, bb float64
	for i := range a {
		ab += float64(a[i]) * float64(b[i])
		aa += float64(a[i]) * float64(a[i])
		bb += float64(b[i]) * float64(b[i])
	}
	return ab / math.Sqrt(aa*bb)
}

func TestExplain(t *testing.T) {
	data := small(t, 10)
	// Exact solves to convergence, so the user's factors are (almost) the
	// solution Explain decomposes.
	m := fit(t, data.Matrix, Options{Factors: 8, Iterations: 25, Solver: Cholesky, Lambda: 0.1})
	const u = 5
	recs, _ := m.Recommend(u, 1, true)
	ex, err := m.Explain(u, recs[0].Item, 1000)
	if err != nil {
		t.Fatal(err)
	}
	seen, _ := m.Seen(u)
	if len(ex.Contributions) != len(seen) {
		t.Fatalf("%d contributions for %d seen items", len(ex.Contributions), len(seen))
	}
	var sum float64
	for k, c := range ex.Contributions {
		sum += c.Score
		if !slices.Contains(seen, c.Item) {
			t.Errorf("contribution from unseen item %d", c.Item)
		}
		if k > 0 && math.Abs(c.Score) > math.Abs(ex.Contributions[k-1].Score) {
			t.Errorf("contributions not sorted at %d", k)
		}
	}
	if math.Abs(sum-ex.Score) > 1e-9*math.Max(1, math.Abs(sum)) {
		t.Errorf("contributions sum to %v, score %v", sum, ex.Score)
	}
	if d := math.Abs(ex.Score - float64(recs[0].Score)); d > 0.02*math.Abs(ex.Score) {
		t.Errorf("explained score %v, model score %v", ex.Score, recs[0].Score)
	}
	top, _ := m.Explain(u, recs[0].Item, 3)
	if len(top.Contributions) != 3 || top.Contributions[0] != ex.Contributions[0] {
		t.Errorf("top 3: %v", top.Contributions)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	data := small(t, 11)
	m := fit(t, data.Matrix, Options{Factors: 6, Iterations: 2})
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d Model
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.x, m.x) || !slices.Equal(d.y, m.y) || d.lambda != m.lambda {
		t.Fatal("factors differ after round trip")
	}
	r1, _ := m.Recommend(3, 10, true)
	r2, _ := d.Recommend(3, 10, true)
	if !slices.Equal(r1, r2) {
		t.Errorf("recommendations differ: %v vs %v", r1, r2)
	}
	b2, _ := d.MarshalBinary()
	if !bytes.Equal(b, b2) {
		t.Error("re-encoding differs")
	}

	step := max(1, len(b)/500)
	for n := 0; n < len(b); n += step {
		if err := new(Model).UnmarshalBinary(b[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated to %d bytes: err = %v", n, err)
		}
	}
	for _, pos := range []int{0, 6, 10, len(b) / 2, len(b) - 30, len(b) - 1} {
		bad := bytes.Clone(b)
		bad[pos] ^= 0x40
		if err := new(Model).UnmarshalBinary(bad); !errors.Is(err, ErrCorrupt) {
			t.Errorf("byte %d flipped: err = %v", pos, err)
		}
	}
}

func TestCancellation(t *testing.T) {
	data := small(t, 12)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fit(ctx, data.Matrix, Options{Factors: 4}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	_, err := Fit(ctx, data.Matrix, Options{Factors: 4, Iterations: 10, Progress: func(Iteration) {
		calls++
		cancel()
	}})
	if !errors.Is(err, context.Canceled) || calls != 1 {
		t.Errorf("cancel from progress: err = %v after %d calls", err, calls)
	}
}

func TestProgressWithoutLoss(t *testing.T) {
	data := small(t, 13)
	var its []Iteration
	fit(t, data.Matrix, Options{Factors: 4, Iterations: 3, Progress: func(it Iteration) { its = append(its, it) }})
	for k, it := range its {
		if it.Iteration != k+1 || it.Iterations != 3 || it.HasLoss || it.Elapsed < it.Duration {
			t.Errorf("progress %d: %+v", k, it)
		}
	}
	if len(its) != 3 {
		t.Errorf("%d calls", len(its))
	}
}

func TestWeighting(t *testing.T) {
	// 3 users x 4 items; user 0 touches 2 items, user 1 one item, user 2 three.
	m, _ := sparse.NewCSR(3, 4, []sparse.Triplet{tr(0, 0, 4), tr(0, 1, 1), tr(1, 0, 9), tr(2, 1, 2), tr(2, 2, 1), tr(2, 3, 1)})
	idf := func(n float64) float64 { return math.Log(4) - math.Log1p(n) }
	itemLen := []float64{13, 3, 1, 1}
	avg := 18.0 / 4
	for _, tc := range []struct {
		w    Weighting
		want func(u, i int, r float64) float64
	}{
		{NoWeighting, func(u, i int, r float64) float64 { return r }},
		{TFIDF, func(u, i int, r float64) float64 { return math.Sqrt(r) * idf(float64(m.RowNNZ(u))) }},
		{BM25, func(u, i int, r float64) float64 {
			norm := 0.2 + 0.8*itemLen[i]/avg
			return r * 101 / (100*norm + r) * idf(float64(m.RowNNZ(u)))
		}},
	} {
		t.Run(tc.w.String(), func(t *testing.T) {
			o, _ := Options{Weighting: tc.w, Alpha: 3}.withDefaults()
			c, err := confidence(m, o)
			if err != nil {
				t.Fatal(err)
			}
			c.Each(func(u, i int, v float32) {
				want := 3 * tc.want(u, i, float64(m.At(u, i)))
				if math.Abs(float64(v)-want) > 1e-5*math.Max(1, want) {
					t.Errorf("(%d,%d): %v, want %v", u, i, v, want)
				}
			})
		})
	}
}

func BenchmarkFitSmall(b *testing.B) {
	data := small(b, 1)
	for b.Loop() {
		fit(b, data.Matrix, Options{Factors: 32, Iterations: 1})
	}
}
