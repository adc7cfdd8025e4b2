package ann

import (
	"testing"

	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

// recallAt returns the mean fraction of the true k nearest neighbours (by
// exact brute force) that search returns, over all test queries.
func recallAt(t *testing.T, d *anndata.Dataset, k int, search func(q []float32) []Neighbor) float64 {
	t.Helper()
	truth := vec.TopKBatch(d.Train, d.Dim, d.Test, k, d.Metric)
	hits := 0
	for i := 0; i < d.NumTest(); i++ {
		want := make(map[uint64]bool, k)
		for _, h := range truth[i] {
			want[uint64(h.Index)] = true
		}
		for _, n := range search(d.TestRow(i)) {
			if want[n.ID] {
				hits++
			}
		}
	}
	return float64(hits) / float64(k*d.NumTest())
}

func buildHNSW(t testing.TB, d *anndata.Dataset, cfg HNSWConfig) *HNSW {
	t.Helper()
	cfg.Dim, cfg.Metric = d.Dim, d.Metric
	h, err := NewHNSW(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < d.NumTrain(); i++ {
		if err := h.Add(uint64(i), d.TrainRow(i)); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

func buildForest(t testing.TB, d *anndata.Dataset, cfg ForestConfig) *Forest {
	t.Helper()
	cfg.Dim, cfg.Metric = d.Dim, d.Metric
	f, err := NewForest(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < d.NumTrain(); i++ {
		if err := f.Add(uint64(i), d.TrainRow(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Build(); err != nil {
		t.Fatal(err)
	}
	return f
}
