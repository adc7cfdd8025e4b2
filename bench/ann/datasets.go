package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

// prepared is a dataset written out for the contenders: train.fvecs,
// queries.fvecs and gt.ivecs (the exact top k of each query) in dir. Every
// contender reads these same bytes; the parent keeps nothing else.
type prepared struct {
	name      string
	dir       string
	space     string // l2 or cosine, as the contenders' programs spell it
	n, dim, q int
}

// load returns the named dataset.
func load(name, fashionDir string) (*anndata.Dataset, error) {
	switch name {
	case "fashion":
		return anndata.FashionMNIST(fashionDir)
	case "clustered", "synthetic":
		return anndata.Clustered(anndata.ClusteredConfig{N: 100_000, Queries: 10_000, Dim: 100, Clusters: 100, Seed: 42}), nil
	case "aniso":
		return anndata.Anisotropic(anndata.AnisotropicConfig{Seed: 42}), nil
	}
	return nil, fmt.Errorf("unknown dataset %q (have fashion, clustered, aniso)", name)
}

// prepare loads a dataset, cuts it to ntrain base vectors (0: all) and nq
// queries, computes the exact ground truth on all cores and writes the
// files to a new temporary directory.
func prepare(name, fashionDir string, ntrain, nq int) (*prepared, error) {
	d, err := load(name, fashionDir)
	if err != nil {
		return nil, err
	}
	if ntrain > 0 && ntrain < d.NumTrain() {
		d.Train = d.Train[:ntrain*d.Dim]
	}
	if nq > 0 && nq < d.NumTest() {
		d.Test = d.Test[:nq*d.Dim]
	}
	space := map[vec.Metric]string{vec.L2: "l2", vec.Cosine: "cosine"}[d.Metric]
	if space == "" {
		return nil, fmt.Errorf("%s: metric %v has no native counterpart here", d.Name, d.Metric)
	}
	log.Printf("%s: %d x %d (%s), %d queries; ground truth...", d.Name, d.NumTrain(), d.Dim, space, d.NumTest())
	truth := vec.TopKBatch(d.Train, d.Dim, d.Test, k, d.Metric)
	gt := make([]int32, 0, len(truth)*k)
	for _, hs := range truth {
		for _, h := range hs {
			gt = append(gt, int32(h.Index))
		}
	}
	dir, err := os.MkdirTemp("", "bench-ann-")
	if err != nil {
		return nil, err
	}
	for _, err := range []error{
		anndata.WriteFvecs(filepath.Join(dir, "train.fvecs"), d.Train, d.Dim),
		anndata.WriteFvecs(filepath.Join(dir, "queries.fvecs"), d.Test, d.Dim),
		anndata.WriteIvecs(filepath.Join(dir, "gt.ivecs"), gt, k),
	} {
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	p := &prepared{name: d.Name, dir: dir, space: space, n: d.NumTrain(), dim: d.Dim, q: d.NumTest()}
	// Hand the dataset's memory back before the children run: they share
	// the machine's memory and caches with this process.
	runtime.GC()
	debug.FreeOSMemory()
	return p, nil
}
