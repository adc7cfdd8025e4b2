package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gokernel/gokernel/internal/procmem"
	"github.com/gokernel/gokernel/mllib/ann"
	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

// warmup is how many queries every contender runs before its timed loop,
// here and in the native and Python programs alike.
const warmup = 100

// childData is what a Go child reads: the same files the native programs
// read.
type childData struct {
	train, queries []float32
	truth          []int32 // k per query
	dim            int
	metric         vec.Metric
}

func (d *childData) n() int                   { return len(d.train) / d.dim }
func (d *childData) nq() int                  { return len(d.queries) / d.dim }
func (d *childData) trainRow(i int) []float32 { return d.train[i*d.dim : (i+1)*d.dim] }
func (d *childData) query(i int) []float32    { return d.queries[i*d.dim : (i+1)*d.dim] }

// runChild is the whole life of a Go contender's process: read the files,
// build, sweep, print one JSON row per line, and last the process's own
// peak RSS, as the native and Python programs do.
func runChild(kind, dir, metric string, opt options) error {
	d := &childData{}
	switch metric {
	case "l2":
		d.metric = vec.L2
	case "cosine":
		// The indexes normalise the vectors they store and each query,
		// as the native program does on load.
		d.metric = vec.Cosine
	default:
		return fmt.Errorf("-metric must be l2 or cosine, not %q", metric)
	}
	var err error
	if d.train, d.dim, err = anndata.ReadFvecs(filepath.Join(dir, "train.fvecs")); err != nil {
		return err
	}
	var qdim, gdim int
	if d.queries, qdim, err = anndata.ReadFvecs(filepath.Join(dir, "queries.fvecs")); err != nil {
		return err
	}
	if d.truth, gdim, err = anndata.ReadIvecs(filepath.Join(dir, "gt.ivecs")); err != nil {
		return err
	}
	if qdim != d.dim || gdim != k || len(d.truth)/k != d.nq() {
		return fmt.Errorf("files disagree: train dim %d, query dim %d, ground truth %d x %d for %d queries", d.dim, qdim, len(d.truth)/max(gdim, 1), gdim, d.nq())
	}
	// Build on opt.threads cores, like the native program's build
	// threads; queries on one (measure sets GOMAXPROCS(1)).
	runtime.GOMAXPROCS(opt.threads)
	out := json.NewEncoder(os.Stdout)
	switch kind {
	case "hnsw":
		err = childHNSW(d, opt, out)
	case "forest":
		err = childForest(d, opt, out)
	case "brute":
		r := measure(d, min(opt.nbrute, d.nq()), func(q []float32) []uint64 {
			hits := vec.TopK(d.train, d.dim, q, k, d.metric)
			ids := make([]uint64, len(hits))
			for i, h := range hits {
				ids[i] = uint64(h.Index)
			}
			return ids
		})
		r.Contender, r.Params = "brute force (gokernel, exact)", "exact"
		err = out.Encode(r)
	default:
		return fmt.Errorf("unknown child %q", kind)
	}
	if err != nil {
		return err
	}
	return out.Encode(row{PeakRSSMB: peakRSSMiB()})
}

func childHNSW(d *childData, opt options, out *json.Encoder) error {
	const name = "gokernel-hnsw"
	start := time.Now()
	h, err := ann.NewHNSW(ann.HNSWConfig{Dim: d.dim, Metric: d.metric, M: 16, EfConstruction: 200, Seed: 1})
	if err != nil {
		return err
	}
	h.Reserve(d.n())
	var (
		mu     sync.Mutex
		addErr error
	)
	parallelFor(d.n(), opt.threads, func(i int) {
		if err := h.Add(uint64(i), d.trainRow(i)); err != nil {
			mu.Lock()
			addErr = cmp.Or(addErr, err)
			mu.Unlock()
		}
	})
	if addErr != nil {
		return addErr
	}
	if err := out.Encode(row{Contender: name, Params: "M=16 efC=200", Build: true, BuildS: time.Since(start).Seconds(), MemMB: peakRSSMiB(), Threads: opt.threads}); err != nil {
		return err
	}
	for _, ef := range opt.efs {
		r := measure(d, d.nq(), func(q []float32) []uint64 { return ids(h.SearchEf(q, k, ef)) })
		r.Contender, r.Params = name, fmt.Sprintf("ef=%d", ef)
		if err := out.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func childForest(d *childData, opt options, out *json.Encoder) error {
	const name = "gokernel-forest"
	start := time.Now()
	f, err := ann.NewForest(ann.ForestConfig{Dim: d.dim, Metric: d.metric, Trees: opt.trees, Seed: 1})
	if err != nil {
		return err
	}
	// Items are added on one thread and the trees built on all, as
	// Annoy's add_item and build(n_threads) do.
	for i := 0; i < d.n(); i++ {
		if err := f.Add(uint64(i), d.trainRow(i)); err != nil {
			return err
		}
	}
	if err := f.Build(); err != nil {
		return err
	}
	if err := out.Encode(row{Contender: name, Params: fmt.Sprintf("trees=%d", opt.trees), Build: true, BuildS: time.Since(start).Seconds(), MemMB: peakRSSMiB(), Threads: opt.threads}); err != nil {
		return err
	}
	for _, sk := range opt.searchKs {
		r := measure(d, d.nq(), func(q []float32) []uint64 { return ids(f.SearchK(q, k, sk)) })
		r.Contender, r.Params = name, fmt.Sprintf("search_k=%d", sk)
		if err := out.Encode(r); err != nil {
			return err
		}
	}
	return nil
}

func ids(ns []ann.Neighbor) []uint64 {
	out := make([]uint64, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

// measure times the first nq queries one at a time with GOMAXPROCS(1), so
// neither an index nor brute force can use a second core, after the same
// warm-up as every other contender.
func measure(d *childData, nq int, search func([]float32) []uint64) row {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	for i := 0; i < min(warmup, nq); i++ {
		search(d.query(i))
	}
	// Start the timed loop with no garbage from the build or the last
	// sweep point; the loop's own garbage is collected, and timed, as a
	// user's would be.
	runtime.GC()
	res := make([][]uint64, nq)
	start := time.Now()
	for i := 0; i < nq; i++ {
		res[i] = search(d.query(i))
	}
	el := time.Since(start).Seconds()
	hits := 0
	for i := 0; i < nq; i++ {
		hits += recallHits(res[i], d.truth[i*k:(i+1)*k])
	}
	return row{Recall: float64(hits) / float64(k*nq), QPS: float64(nq) / el, Threads: 1}
}

// recallHits counts the distinct ids in got that are in truth, the exact
// top k: a duplicate id never counts twice. native/annbench.cc counts the
// same way; hnswlib_bench.py intersects sets, which is the same.
func recallHits(got []uint64, truth []int32) int {
	hits := 0
	for i, id := range got {
		dup := false
		for _, prev := range got[:i] {
			if prev == id {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		for _, t := range truth {
			if uint64(t) == id {
				hits++
				break
			}
		}
	}
	return hits
}

// parallelFor runs fn(i) for i in [0, n) on the given number of
// goroutines, handing out indices from one atomic counter like the native
// program and hnswlib's own ParallelFor, so points are inserted in about id
// order.
func parallelFor(n, workers int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// peakRSSMiB is this process's peak resident memory so far, in MiB; 0 where
// the system does not report it (the benchmark is written for Linux).
func peakRSSMiB() float64 {
	b, _ := procmem.PeakRSS()
	return float64(b) / (1 << 20)
}
