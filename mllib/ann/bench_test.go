package ann

import (
	"runtime"
	"sync"
	"testing"

	"github.com/gokernel/gokernel/mllib/ann/anndata"
)

var (
	benchOnce sync.Once
	benchData *anndata.Dataset
	benchIdx  *HNSW
)

func benchSetup(b *testing.B) {
	benchOnce.Do(func() {
		benchData = anndata.Clustered(anndata.ClusteredConfig{N: 30000, Queries: 1000, Dim: 100, Seed: 42})
		benchIdx = buildHNSW(b, benchData, HNSWConfig{M: 16, EfConstruction: 200, Seed: 1})
	})
}

// BenchmarkHNSWBuild measures single-threaded insertion of 10k 100-dim
// cosine vectors.
func BenchmarkHNSWBuild(b *testing.B) {
	d := anndata.Clustered(anndata.ClusteredConfig{N: 10000, Queries: 1, Dim: 100, Seed: 42})
	for b.Loop() {
		buildHNSW(b, d, HNSWConfig{M: 16, EfConstruction: 200, Seed: 1})
	}
}

// BenchmarkHNSWSearch measures one query at ef=64 on a 30k-point index.
func BenchmarkHNSWSearch(b *testing.B) {
	benchSetup(b)
	i := 0
	for b.Loop() {
		benchIdx.SearchEf(benchData.TestRow(i%benchData.NumTest()), 10, 64)
		i++
	}
}

// BenchmarkHNSWBuildParallel is BenchmarkHNSWBuild from GOMAXPROCS
// goroutines, to compare against the single-threaded build.
func BenchmarkHNSWBuildParallel(b *testing.B) {
	d := anndata.Clustered(anndata.ClusteredConfig{N: 10000, Queries: 1, Dim: 100, Seed: 42})
	for b.Loop() {
		h, _ := NewHNSW(HNSWConfig{Dim: d.Dim, Metric: d.Metric, M: 16, EfConstruction: 200, Seed: 1})
		var wg sync.WaitGroup
		w := runtime.GOMAXPROCS(0)
		for g := 0; g < w; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for i := g; i < d.NumTrain(); i += w {
					h.Add(uint64(i), d.TrainRow(i))
				}
			}(g)
		}
		wg.Wait()
	}
}

// BenchmarkForestBuild measures building 20 trees over 20k 64-dim cosine
// vectors on all cores.
func BenchmarkForestBuild(b *testing.B) {
	d := anndata.Clustered(anndata.ClusteredConfig{N: 20000, Queries: 1, Dim: 64, Seed: 42})
	for b.Loop() {
		f, err := NewForest(ForestConfig{Dim: d.Dim, Metric: d.Metric, Trees: 20, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; i < d.NumTrain(); i++ {
			f.Add(uint64(i), d.TrainRow(i))
		}
		if err := f.Build(); err != nil {
			b.Fatal(err)
		}
	}
}
