package anndata

import (
	"reflect"
	"testing"

	"github.com/gokernel/gokernel/mllib/vec"
)

func TestAnisotropicDeterministic(t *testing.T) {
	cfg := AnisotropicConfig{N: 400, Queries: 20, Dim: 16, Clusters: 30, Rank: 4, Seed: 3}
	a, b := Anisotropic(cfg), Anisotropic(cfg)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed, different data")
	}
	cfg.Seed = 4
	if reflect.DeepEqual(a.Train, Anisotropic(cfg).Train) {
		t.Fatal("different seeds, same data")
	}
	if a.NumTrain() != 400 || a.NumTest() != 20 || a.Dim != 16 || a.Metric != vec.Cosine || a.Name != "anisotropic" {
		t.Fatalf("shape %d x %d / %d, %v", a.NumTrain(), a.Dim, a.NumTest(), a.Metric)
	}
	for i := 0; i < a.NumTrain(); i++ {
		if n := vec.Norm(a.TrainRow(i)); n < 0.999 || n > 1.001 {
			t.Fatalf("row %d has norm %v, want unit", i, n)
		}
	}
	// The shared direction puts the data in a cone: the mean of the
	// vectors is far from zero, unlike uniform directions (norm about
	// 1/sqrt(N)).
	mean := make([]float32, a.Dim)
	for i := 0; i < a.NumTrain(); i++ {
		for j, x := range a.TrainRow(i) {
			mean[j] += x / float32(a.NumTrain())
		}
	}
	if n := vec.Norm(mean); n < 0.2 {
		t.Errorf("mean vector has norm %v; the data are not anisotropic", n)
	}
}

func TestAnisotropicDefaults(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("generates 200k vectors")
	}
	d := Anisotropic(AnisotropicConfig{Seed: 1})
	if d.NumTrain() != 200_000 || d.Dim != 128 || d.NumTest() != 10_000 {
		t.Fatalf("defaults give %d x %d / %d", d.NumTrain(), d.Dim, d.NumTest())
	}
}
