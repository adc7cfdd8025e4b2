package ann

import (
	"testing"

	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

// recallN is 20k points, the size the issue asks for, except under the race
// detector, which is ten times slower and is there for the concurrency
// tests.
func recallN() int {
	if raceEnabled || testing.Short() {
		return 3000
	}
	return 20000
}

// TestHNSWRecall is the acceptance test of the issue: recall@10 >= 0.95
// against brute force on 20k clustered points with held-out queries.
func TestHNSWRecall(t *testing.T) {
	d := anndata.Clustered(anndata.ClusteredConfig{N: recallN(), Queries: 300, Dim: 64, Clusters: 50, Seed: 1})
	h := buildHNSW(t, d, HNSWConfig{M: 16, EfConstruction: 100, EfSearch: 64, Seed: 1})
	if h.Len() != d.NumTrain() {
		t.Fatalf("Len %d, want %d", h.Len(), d.NumTrain())
	}
	r := recallAt(t, d, 10, func(q []float32) []Neighbor { return h.Search(q, 10) })
	t.Logf("HNSW cosine recall@10 = %.4f", r)
	if r < 0.95 {
		t.Errorf("recall@10 = %.4f, want >= 0.95", r)
	}
}

func TestHNSWMetrics(t *testing.T) {
	for _, m := range []vec.Metric{vec.L2, vec.InnerProduct, vec.Cosine} {
		t.Run(m.String(), func(t *testing.T) {
			d := anndata.Clustered(anndata.ClusteredConfig{N: recallN() / 5, Queries: 100, Dim: 24, Clusters: 20, Seed: 2})
			d.Metric = m
			if m != vec.Cosine {
				// Unnormalized data, so L2 and IP differ from cosine.
				for i := range d.Train {
					d.Train[i] *= 1 + float32(i%7)/7
				}
			}
			h := buildHNSW(t, d, HNSWConfig{M: 12, EfConstruction: 80, EfSearch: 50, Seed: 3})
			r := recallAt(t, d, 10, func(q []float32) []Neighbor { return h.Search(q, 10) })
			t.Logf("%v recall@10 = %.4f", m, r)
			if r < 0.9 {
				t.Errorf("%v recall@10 = %.4f, want >= 0.9", m, r)
			}
			// Distances must be the metric's, nearest first.
			q := d.TestRow(0)
			res := h.Search(q, 5)
			for i, n := range res {
				want := vec.Distance(m, q, d.TrainRow(int(n.ID)))
				if m == vec.InnerProduct || m == vec.Cosine {
					if diff := want - n.Distance; diff > 1e-4 || diff < -1e-4 {
						t.Errorf("distance %v, want %v", n.Distance, want)
					}
				} else if diff := (want - n.Distance) / (want + 1e-9); diff > 1e-4 || diff < -1e-4 {
					t.Errorf("distance %v, want %v", n.Distance, want)
				}
				if i > 0 && n.Distance < res[i-1].Distance {
					t.Errorf("results not sorted")
				}
			}
		})
	}
}

func TestForestRecall(t *testing.T) {
	d := anndata.Clustered(anndata.ClusteredConfig{N: recallN(), Queries: 300, Dim: 64, Clusters: 50, Seed: 1})
	f := buildForest(t, d, ForestConfig{Trees: 30, Seed: 1})
	// search_k is a tenth of the data: well short of a full scan.
	r := recallAt(t, d, 10, func(q []float32) []Neighbor { return f.SearchK(q, 10, d.NumTrain()/10) })
	t.Logf("Forest cosine recall@10 = %.4f", r)
	if r < 0.90 {
		t.Errorf("recall@10 = %.4f, want >= 0.90", r)
	}
}
