package ann

import (
	"bytes"
	"testing"

	"github.com/gokernel/gokernel/mllib/vec"
)

func TestForestDeterministicBuild(t *testing.T) {
	d := smallData(3000, 11)
	a, _ := buildForest(t, d, ForestConfig{Trees: 6, Seed: 4}).MarshalBinary()
	b, _ := buildForest(t, d, ForestConfig{Trees: 6, Seed: 4}).MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Fatal("forest builds with the same seed differ")
	}
}

func TestForestLifecycle(t *testing.T) {
	d := smallData(1000, 12)
	f, err := NewForest(ForestConfig{Dim: d.Dim, Metric: vec.L2, Trees: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Build(); err == nil {
		t.Error("Build of an empty forest succeeded")
	}
	for i := 0; i < d.NumTrain(); i++ {
		f.Add(uint64(i), d.TrainRow(i))
	}
	// Before Build, Search is exact.
	q := d.TestRow(0)
	exact := vec.TopK(d.Train, d.Dim, q, 5, vec.L2)
	res := f.Search(q, 5)
	for i := range exact {
		if res[i].ID != uint64(exact[i].Index) {
			t.Fatalf("unbuilt search rank %d: %d, want %d", i, res[i].ID, exact[i].Index)
		}
	}
	if err := f.Build(); err != nil {
		t.Fatal(err)
	}
	if err := f.Add(5000, q); err == nil {
		t.Error("Add after Build succeeded")
	}
	if err := f.Build(); err == nil {
		t.Error("second Build succeeded")
	}
	// With search_k covering everything, the forest is exact.
	res = f.SearchK(q, 5, 1<<30)
	for i := range exact {
		if res[i].ID != uint64(exact[i].Index) || res[i].Distance != exact[i].Distance {
			t.Fatalf("full search rank %d: %v, want %v", i, res[i], exact[i])
		}
	}
}
