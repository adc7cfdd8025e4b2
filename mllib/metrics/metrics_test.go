package metrics

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/gokernel/gokernel/mllib/sparse"
)

func TestListMetrics(t *testing.T) {
	ln := math.Log2
	for _, tc := range []struct {
		name             string
		ranked, relevant []int
		k                int
		p, r, ap, ndcg   float64
	}{
		{"perfect", []int{3, 1, 2}, []int{1, 2, 3}, 3, 1, 1, 1, 1},
		{"none", []int{4, 5, 6}, []int{1, 2}, 3, 0, 0, 0, 0},
		{"second of two", []int{9, 2, 8}, []int{2, 5}, 3, 0.5, 0.5, 0.25, (1 / ln(3)) / (1 + 1/ln(3))},
		{"k cuts", []int{9, 8, 2}, []int{2}, 2, 0, 0, 0, 0},
		{"fewer relevant than k", []int{7, 1, 8, 9}, []int{1}, 4, 1, 1, 0.5, 1 / ln(3)},
		{"short ranking", []int{1}, []int{1, 2}, 5, 0.5, 0.5, 0.5, 1 / (1 + 1/ln(3))},
		{"empty relevant", []int{1, 2}, nil, 2, 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, m := range []struct {
				name      string
				got, want float64
			}{
				{"precision", PrecisionAtK(tc.ranked, tc.relevant, tc.k), tc.p},
				{"recall", RecallAtK(tc.ranked, tc.relevant, tc.k), tc.r},
				{"ap", APAtK(tc.ranked, tc.relevant, tc.k), tc.ap},
				{"ndcg", NDCGAtK(tc.ranked, tc.relevant, tc.k), tc.ndcg},
			} {
				if math.Abs(m.got-m.want) > 1e-12 {
					t.Errorf("%s = %v, want %v", m.name, m.got, m.want)
				}
			}
		})
	}
}

func TestAUC(t *testing.T) {
	scores := []float32{0.9, 0.8, 0.1, 0.5, 0.5}
	cands := []int{0, 1, 2, 3, 4}
	for _, tc := range []struct {
		name     string
		relevant []int
		want     float64
	}{
		{"top two", []int{0, 1}, 1},
		{"bottom", []int{2}, 0},
		{"tied pair", []int{3}, 0.375}, // beats item 2, ties item 4, loses to 0 and 1: (1 + 0.5)/4
		{"mixed", []int{0, 2}, 0.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AUC(scores, cands, tc.relevant); math.Abs(got-tc.want) > 1e-12 {
				t.Errorf("AUC = %v, want %v", got, tc.want)
			}
		})
	}
	if !math.IsNaN(AUC(scores, cands, cands)) {
		t.Error("AUC with no negatives is not NaN")
	}
}

func TestTopK(t *testing.T) {
	scores := []float32{0.1, 0.7, 0.7, 0.3, 0.9}
	if got := TopK(scores, []int{0, 1, 2, 3, 4}, 3, nil); !slices.Equal(got, []int{4, 1, 2}) {
		t.Errorf("TopK = %v", got)
	}
	if got := TopK(scores, []int{0, 3}, 5, nil); !slices.Equal(got, []int{3, 0}) {
		t.Errorf("TopK over few candidates = %v", got)
	}
	if got := TopK(scores, []int{0, 3}, 0, nil); len(got) != 0 {
		t.Errorf("TopK k=0 = %v", got)
	}
}

// table scores items from a fixed users x items table.
type table [][]float32

func (tb table) Scores(u int, dst []float32) error {
	copy(dst, tb[u])
	return nil
}

type failing struct{}

func (failing) Scores(int, []float32) error { return errors.New("boom") }

func mat(t *testing.T, rows, cols int, cells [][2]int) *sparse.CSR {
	t.Helper()
	var trips []sparse.Triplet
	for _, c := range cells {
		trips = append(trips, sparse.Triplet{Row: c[0], Col: c[1], Value: 1})
	}
	m, err := sparse.NewCSR(rows, cols, trips)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEvaluate(t *testing.T) {
	train := mat(t, 3, 5, [][2]int{{0, 0}, {1, 1}, {2, 2}})
	test := mat(t, 3, 5, [][2]int{{0, 4}, {1, 3}}) // user 2 has nothing held out
	ctx := context.Background()
	// An oracle puts each user's held-out item first (and scores the train
	// item highest, which Evaluate must ignore).
	oracle := table{{9, 0, 0, 0, 5}, {0, 9, 0, 5, 0}, {0, 0, 0, 0, 0}}
	rep, err := Evaluate(ctx, oracle, train, test, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Users != 2 || rep.Precision != 1 || rep.Recall != 1 || rep.MAP != 1 || rep.NDCG != 1 || rep.AUC != 1 {
		t.Errorf("oracle: %v", rep)
	}
	worst := table{{0, 5, 5, 5, -1}, {5, 0, 5, -1, 5}, {0, 0, 0, 0, 0}}
	rep, err = Evaluate(ctx, worst, train, test, 2)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Precision != 0 || rep.NDCG != 0 || rep.AUC != 0 {
		t.Errorf("worst: %v", rep)
	}
	pop := NewPopularity(mat(t, 3, 5, [][2]int{{0, 4}, {1, 4}, {2, 3}}))
	dst := make([]float32, 5)
	if err := pop.Scores(0, dst); err != nil || !slices.Equal(dst, []float32{0, 0, 0, 1, 2}) {
		t.Errorf("popularity scores %v %v", dst, err)
	}

	for name, call := range map[string]func() (Report, error){
		"shape mismatch": func() (Report, error) { return Evaluate(ctx, oracle, train, mat(t, 3, 4, nil), 2) },
		"k=0":            func() (Report, error) { return Evaluate(ctx, oracle, train, test, 0) },
		"nil":            func() (Report, error) { return Evaluate(ctx, oracle, nil, test, 2) },
		"scorer error":   func() (Report, error) { return Evaluate(ctx, failing{}, train, test, 2) },
		"empty test":     func() (Report, error) { return Evaluate(ctx, oracle, train, mat(t, 3, 5, nil), 2) },
	} {
		if _, err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// BenchmarkEvaluate ranks 2,000 items for 2,000 users.
func BenchmarkEvaluate(b *testing.B) {
	var train, test []sparse.Triplet
	for u := 0; u < 2000; u++ {
		for j := 0; j < 12; j++ {
			train = append(train, sparse.Triplet{Row: u, Col: (u*37 + j*101) % 2000, Value: 1})
		}
		test = append(test, sparse.Triplet{Row: u, Col: (u*53 + 7) % 2000, Value: 1})
	}
	tr, err := sparse.NewCSR(2000, 2000, train)
	if err != nil {
		b.Fatal(err)
	}
	te, err := sparse.NewCSR(2000, 2000, test)
	if err != nil {
		b.Fatal(err)
	}
	pop := NewPopularity(tr)
	for b.Loop() {
		if _, err := Evaluate(context.Background(), pop, tr, te, 10); err != nil {
			b.Fatal(err)
		}
	}
}
