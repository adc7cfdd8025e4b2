package vec

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// refTopK is the float64 reference: every distance in float64, full sort.
func refTopK(data []float32, dim int, q []float32, k int, m Metric) []int {
	n := len(data) / dim
	type p struct {
		i int
		d float64
	}
	ps := make([]p, n)
	for i := range ps {
		row := data[i*dim : (i+1)*dim]
		var d float64
		switch m {
		case Cosine:
			d = 1 - dot64(q, row)/math.Sqrt(dot64(q, q)*dot64(row, row))
		case L2:
			for j := range row {
				x := float64(q[j]) - float64(row[j])
				d += x * x
			}
		case InnerProduct:
			d = 1 - dot64(q, row)
		}
		ps[i] = p{i, d}
	}
	sort.Slice(ps, func(a, b int) bool { return ps[a].d < ps[b].d })
	out := make([]int, k)
	for i := range out {
		out[i] = ps[i].i
	}
	return out
}

func TestTopKMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const n, dim, k = 9000, 24, 10 // big enough to use several workers
	data := randVec(r, n*dim)
	for _, m := range []Metric{Cosine, L2, InnerProduct} {
		for qi := 0; qi < 5; qi++ {
			q := randVec(r, dim)
			got := TopK(data, dim, q, k, m)
			want := refTopK(data, dim, q, k, m)
			if len(got) != k {
				t.Fatalf("%v: got %d hits", m, len(got))
			}
			for i := range got {
				if got[i].Index != want[i] {
					t.Errorf("%v q%d rank %d: got row %d want %d", m, qi, i, got[i].Index, want[i])
				}
				if i > 0 && got[i].Distance < got[i-1].Distance {
					t.Errorf("%v: hits not sorted", m)
				}
				exact := Distance(m, q, data[got[i].Index*dim:(got[i].Index+1)*dim])
				if math.Abs(float64(exact-got[i].Distance)) > 1e-4 {
					t.Errorf("%v: reported distance %v, recomputed %v", m, got[i].Distance, exact)
				}
			}
		}
	}
}

func TestTopKBatchEqualsTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const n, dim, k = 3000, 16, 7
	data := randVec(r, n*dim)
	qs := randVec(r, 20*dim)
	batch := TopKBatch(data, dim, qs, k, L2)
	for i := range batch {
		one := TopK(data, dim, qs[i*dim:(i+1)*dim], k, L2)
		for j := range one {
			if one[j] != batch[i][j] {
				t.Fatalf("query %d rank %d: batch %v single %v", i, j, batch[i][j], one[j])
			}
		}
	}
}

func TestTopKSmall(t *testing.T) {
	data := []float32{0, 0, 1, 1, 5, 5}
	got := TopK(data, 2, []float32{1.1, 1.1}, 10, L2)
	if len(got) != 3 || got[0].Index != 1 || got[1].Index != 0 || got[2].Index != 2 {
		t.Fatalf("got %v", got)
	}
	if TopK(data, 2, []float32{0, 0}, 0, L2) != nil {
		t.Fatal("k=0 should give nil")
	}
}

func TestSimilarities(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	const dim = 13
	a, b := randVec(r, 5*dim), randVec(r, 7*dim)
	for _, m := range []Metric{Cosine, L2, InnerProduct} {
		s := Similarities(a, b, dim, m)
		if len(s) != 35 {
			t.Fatalf("len %d", len(s))
		}
		for i := 0; i < 5; i++ {
			for j := 0; j < 7; j++ {
				x, y := a[i*dim:(i+1)*dim], b[j*dim:(j+1)*dim]
				var want float64
				switch m {
				case Cosine:
					want = dot64(x, y) / math.Sqrt(dot64(x, x)*dot64(y, y))
				case InnerProduct:
					want = dot64(x, y)
				case L2:
					var d float64
					for k := range x {
						e := float64(x[k]) - float64(y[k])
						d += e * e
					}
					want = -math.Sqrt(d)
				}
				if got := float64(s[i*7+j]); math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
					t.Errorf("%v (%d,%d): %v want %v", m, i, j, got, want)
				}
			}
		}
	}
}

// BenchmarkTopKBatch searches 256 queries over 50,000 64-dim vectors.
func BenchmarkTopKBatch(b *testing.B) {
	const dim = 64
	rng := rand.New(rand.NewPCG(3, 4))
	data := make([]float32, 50000*dim)
	for i := range data {
		data[i] = rng.Float32() - 0.5
	}
	for b.Loop() {
		TopKBatch(data, dim, data[:256*dim], 10, Cosine)
	}
}
