// Command ann benchmarks gokernel's approximate nearest-neighbour indexes
// against brute force and hnswlib on the same data and queries in one run:
// recall@10 and single-thread queries per second over a sweep of efSearch /
// search_k, plus build time and index memory. It owns nothing the library
// uses; run it through run.sh, which installs the Debian packages it needs.
//
//	go run ./bench/ann -dataset fashion,synthetic -queries 5000
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gokernel/gokernel/mllib/ann"
	"github.com/gokernel/gokernel/mllib/ann/anndata"
	"github.com/gokernel/gokernel/mllib/vec"
)

const k = 10

// result is one row of the table; the Python side prints the same fields
// as JSON.
type result struct {
	Dataset   string  `json:"dataset"`
	Contender string  `json:"contender"`
	Params    string  `json:"params"`
	BuildS    float64 `json:"build_s"`
	MemMB     float64 `json:"mem_mb"`
	Threads   int     `json:"threads"`
	Recall    float64 `json:"recall"`
	QPS       float64 `json:"qps"`
	Ef        int     `json:"ef"`
	build     bool
}

func main() {
	datasets := flag.String("dataset", "fashion,synthetic", "comma-separated: fashion, synthetic")
	nq := flag.Int("queries", 5000, "queries per dataset (a prefix of the held-out set)")
	nbrute := flag.Int("brute-queries", 200, "queries for the slow brute-force contender")
	efs := flag.String("ef", "10,16,24,32,40,48,64,96,128,256", "efSearch values for both HNSW implementations")
	trees := flag.Int("trees", 50, "Forest trees")
	searchKs := flag.String("search-k", "500,1000,2000,5000,10000", "Forest search_k values")
	python := flag.String("python", "/usr/bin/python3", "Python with hnswlib and numpy (Debian's)")
	noHnswlib := flag.Bool("no-hnswlib", false, "skip the hnswlib reference")
	script := flag.String("script", defaultScript(), "path of hnswlib_bench.py")
	fashionDir := flag.String("fashion-dir", anndata.FashionMNISTDir, "Fashion-MNIST idx files")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench/ann: ")

	var all []result
	for _, name := range strings.Split(*datasets, ",") {
		var d *anndata.Dataset
		switch strings.TrimSpace(name) {
		case "fashion":
			var err error
			if d, err = anndata.FashionMNIST(*fashionDir); err != nil {
				log.Fatal(err)
			}
		case "synthetic":
			d = anndata.Clustered(anndata.ClusteredConfig{N: 100_000, Queries: 10_000, Dim: 100, Clusters: 100, Seed: 42})
		default:
			log.Fatalf("unknown dataset %q", name)
		}
		if n := min(*nq, d.NumTest()); n < d.NumTest() {
			d.Test = d.Test[:n*d.Dim]
		}
		all = append(all, runDataset(d, parseInts(*efs), parseInts(*searchKs), *trees, *nbrute, *python, *script, *noHnswlib)...)
	}
	printTable(all)
}

// defaultScript finds hnswlib_bench.py beside this source file, which is
// where it is under go run.
func defaultScript() string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "hnswlib_bench.py")
}

func parseInts(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			log.Fatalf("bad integer list %q: %v", s, err)
		}
		out = append(out, v)
	}
	return out
}

func runDataset(d *anndata.Dataset, efs, searchKs []int, trees, nbrute int, python, script string, noHnswlib bool) []result {
	threads := runtime.GOMAXPROCS(0)
	log.Printf("%s: %d x %d (%v), %d queries; ground truth...", d.Name, d.NumTrain(), d.Dim, d.Metric, d.NumTest())
	truth := vec.TopKBatch(d.Train, d.Dim, d.Test, k, d.Metric)
	var out []result
	add := func(r result) {
		r.Dataset = d.Name
		out = append(out, r)
		log.Printf("  %-9s %-16s recall %.4f  %8.0f qps  build %.1fs  %.0f MB", r.Contender, r.Params, r.Recall, r.QPS, r.BuildS, r.MemMB)
	}

	// hnswlib first, while the Go heap is small.
	if !noHnswlib {
		for _, r := range runHnswlib(d, truth, efs, threads, python, script) {
			add(r)
		}
	}

	// gokernel HNSW, built from all cores like hnswlib.
	before := heapMB()
	start := time.Now()
	h, err := ann.NewHNSW(ann.HNSWConfig{Dim: d.Dim, Metric: d.Metric, M: 16, EfConstruction: 200, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	h.Reserve(d.NumTrain())
	parallel(d.NumTrain(), threads, func(i int) {
		if err := h.Add(uint64(i), d.TrainRow(i)); err != nil {
			log.Fatal(err)
		}
	})
	add(result{Contender: "gokernel-hnsw", Params: "M=16 efC=200", BuildS: time.Since(start).Seconds(), MemMB: heapMB() - before, Threads: threads, build: true})
	for _, ef := range efs {
		r := measure(d, truth, d.NumTest(), func(q []float32) []uint64 { return ids(h.SearchEf(q, k, ef)) })
		r.Contender, r.Params, r.Ef = "gokernel-hnsw", fmt.Sprintf("ef=%d", ef), ef
		add(r)
	}
	h = nil

	// gokernel Forest.
	runtime.GC()
	before = heapMB()
	start = time.Now()
	f, err := ann.NewForest(ann.ForestConfig{Dim: d.Dim, Metric: d.Metric, Trees: trees, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < d.NumTrain(); i++ {
		if err := f.Add(uint64(i), d.TrainRow(i)); err != nil {
			log.Fatal(err)
		}
	}
	if err := f.Build(); err != nil {
		log.Fatal(err)
	}
	add(result{Contender: "gokernel-forest", Params: fmt.Sprintf("trees=%d", trees), BuildS: time.Since(start).Seconds(), MemMB: heapMB() - before, Threads: threads, build: true})
	for _, sk := range searchKs {
		r := measure(d, truth, d.NumTest(), func(q []float32) []uint64 { return ids(f.SearchK(q, k, sk)) })
		r.Contender, r.Params = "gokernel-forest", fmt.Sprintf("search_k=%d", sk)
		add(r)
	}
	f = nil

	// Brute force on one core: the exact scan every ANN index must beat.
	r := measure(d, truth, min(nbrute, d.NumTest()), func(q []float32) []uint64 {
		hits := vec.TopK(d.Train, d.Dim, q, k, d.Metric)
		out := make([]uint64, len(hits))
		for i, h := range hits {
			out[i] = uint64(h.Index)
		}
		return out
	})
	r.Contender, r.Params = "brute", "exact"
	add(r)
	return out
}

func ids(ns []ann.Neighbor) []uint64 {
	out := make([]uint64, len(ns))
	for i, n := range ns {
		out[i] = n.ID
	}
	return out
}

// measure runs the first nq queries on one OS thread with GOMAXPROCS(1),
// so neither the index nor brute force can use a second core.
func measure(d *anndata.Dataset, truth [][]vec.Hit, nq int, search func([]float32) []uint64) result {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	for i := 0; i < min(100, nq); i++ { // warm-up
		search(d.TestRow(i))
	}
	runtime.GC()
	start := time.Now()
	res := make([][]uint64, nq)
	for i := 0; i < nq; i++ {
		res[i] = search(d.TestRow(i))
	}
	el := time.Since(start).Seconds()
	hits := 0
	for i := 0; i < nq; i++ {
		want := make(map[uint64]bool, k)
		for _, h := range truth[i] {
			want[uint64(h.Index)] = true
		}
		for _, id := range res[i] {
			if want[id] {
				hits++
			}
		}
	}
	return result{Recall: float64(hits) / float64(k*nq), QPS: float64(nq) / el, Threads: 1}
}

func parallel(n, workers int, fn func(i int)) {
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n; i += workers {
				fn(i)
			}
		}(w)
	}
	wg.Wait()
}

func heapMB() float64 {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// runHnswlib writes the dataset as .fvecs/.ivecs to a temporary directory
// and runs hnswlib_bench.py on it with Debian's Python.
func runHnswlib(d *anndata.Dataset, truth [][]vec.Hit, efs []int, threads int, python, script string) []result {
	dir, err := os.MkdirTemp("", "bench-ann-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	gt := make([]int32, 0, len(truth)*k)
	for _, hs := range truth {
		for _, h := range hs {
			gt = append(gt, int32(h.Index))
		}
	}
	for _, err := range []error{
		anndata.WriteFvecs(filepath.Join(dir, "train.fvecs"), d.Train, d.Dim),
		anndata.WriteFvecs(filepath.Join(dir, "queries.fvecs"), d.Test, d.Dim),
		anndata.WriteIvecs(filepath.Join(dir, "gt.ivecs"), gt, k),
	} {
		if err != nil {
			log.Fatal(err)
		}
	}
	space := map[vec.Metric]string{vec.L2: "l2", vec.Cosine: "cosine", vec.InnerProduct: "ip"}[d.Metric]
	efList := make([]string, len(efs))
	for i, e := range efs {
		efList[i] = strconv.Itoa(e)
	}
	cmd := exec.Command(python, script, dir, space, strconv.Itoa(threads), strconv.Itoa(k), strings.Join(efList, ","))
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatalf("hnswlib: %v", err)
	}
	var out []result
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var r result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			log.Fatalf("hnswlib output %q: %v", sc.Text(), err)
		}
		r.build = r.BuildS > 0
		if !r.build {
			r.Threads = 1
		}
		out = append(out, r)
	}
	if err := cmd.Wait(); err != nil {
		log.Fatalf("hnswlib: %v", err)
	}
	return out
}

// qpsAt interpolates a contender's QPS at the given recall from its sweep
// (QPS falls as recall rises); ok is false outside the measured range.
func qpsAt(rs []result, recall float64) (float64, bool) {
	pts := append([]result(nil), rs...)
	sort.Slice(pts, func(i, j int) bool { return pts[i].Recall < pts[j].Recall })
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if recall >= a.Recall && recall <= b.Recall {
			if b.Recall == a.Recall {
				return max(a.QPS, b.QPS), true
			}
			t := (recall - a.Recall) / (b.Recall - a.Recall)
			return a.QPS + t*(b.QPS-a.QPS), true
		}
	}
	if len(pts) > 0 && recall <= pts[0].Recall {
		return pts[0].QPS, true // hnswlib already this accurate at its cheapest setting
	}
	return 0, false
}

func printTable(all []result) {
	fmt.Printf("\n%-13s %-16s %-16s %8s %8s %9s %9s %12s\n", "dataset", "contender", "params", "build_s", "mem_MB", "recall@10", "QPS(1t)", "vs_hnswlib")
	fmt.Println(strings.Repeat("-", 98))
	byKey := map[string][]result{}
	for _, r := range all {
		if !r.build {
			byKey[r.Dataset+"/"+r.Contender] = append(byKey[r.Dataset+"/"+r.Contender], r)
		}
	}
	for _, r := range all {
		if r.build {
			fmt.Printf("%-13s %-16s %-16s %8.1f %8.0f %9s %9s %12s   (build on %d threads)\n", r.Dataset, r.Contender, r.Params, r.BuildS, r.MemMB, "", "", "", r.Threads)
			continue
		}
		ratio := ""
		if r.Contender != "hnswlib" {
			if q, ok := qpsAt(byKey[r.Dataset+"/hnswlib"], r.Recall); ok && q > 0 {
				ratio = fmt.Sprintf("%.2fx", r.QPS/q)
			}
		}
		line := fmt.Sprintf("%-13s %-16s %-16s %8s %8s %9.4f %9.0f %12s", r.Dataset, r.Contender, r.Params, "", "", r.Recall, r.QPS, ratio)
		fmt.Println(strings.TrimRight(line, " "))
	}
	fmt.Println("\nvs_hnswlib: QPS divided by hnswlib's QPS at the same recall, interpolated on its ef sweep.")
}
