// Command ann benchmarks gokernel's approximate nearest-neighbour indexes
// against natively built hnswlib and Annoy on the same data and queries:
// recall@10 and single-thread queries per second over a sweep of efSearch
// (HNSW) and search_k (Forest, Annoy), plus build time and the peak RSS of
// the process that built the index.
//
// Fairness is the point, so every contender runs in a process of its own
// (the Go ones as children of this program, re-executed with -child), reads
// the same .fvecs/.ivecs files, and is timed by the same rules; rounds are
// repeated with the order of contenders rotating, and each row reports the
// median and the min-max spread. See README.md for the rules. Run it
// through run.sh, which installs the Debian packages and builds the native
// reference first:
//
//	bench/ann/run.sh -dataset fashion,clustered,aniso -queries 5000 -rounds 3
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// k is the number of neighbours searched for, and the k of recall@k.
const k = 10

// options holds the flags shared by the parent and its Go children.
type options struct {
	threads  int
	efs      []int
	searchKs []int
	// annoySearchKs is Annoy's sweep: by default the Forest's, but
	// Annoy's search_k counts leaf items with repeats across trees while
	// the Forest's counts distinct items, so Annoy may need larger values
	// to reach the same recall (vs_native compares at equal recall).
	annoySearchKs []int
	trees         int
	nbrute        int
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench/ann: ")
	datasets := flag.String("dataset", "fashion,clustered,aniso", "comma-separated subset of: fashion, clustered (alias synthetic), aniso")
	contenders := flag.String("contenders", "all", "comma-separated subset of: "+strings.Join(contenderKeys(), ", ")+"; all means every one whose program is available")
	nq := flag.Int("queries", 5000, "queries per dataset (a prefix of the held-out set)")
	ntrain := flag.Int("train", 0, "use only the first N base vectors (0: all); for smoke tests")
	rounds := flag.Int("rounds", 3, "rounds; each runs every contender once, in rotating order")
	threads := flag.Int("threads", runtime.NumCPU(), "threads for building the indexes")
	nbrute := flag.Int("brute-queries", 200, "queries for the slow brute-force contender")
	efs := flag.String("ef", "10,16,24,32,40,48,64,96,128,256", "efSearch values for every HNSW contender")
	trees := flag.Int("trees", 50, "trees for the Forest and Annoy")
	searchKs := flag.String("search-k", "500,1000,2000,5000,10000", "search_k values for the Forest (and Annoy, unless -annoy-search-k)")
	annoySearchKs := flag.String("annoy-search-k", "", "search_k values for Annoy if not -search-k's (Annoy counts repeated items; see README)")
	native := flag.String("native", "", "annbench built against the newest hnswlib release (native/build.sh): the hnswlib and annoy contenders")
	nativeDebian := flag.String("native-debian", "", "annbench built against Debian's hnswlib: the hnswlib-debian contender")
	python := flag.String("python", "/usr/bin/python3", "Python with hnswlib and numpy (Debian's) for the hnswlib-python extra")
	script := flag.String("script", defaultScript(), "path of hnswlib_bench.py")
	fashionDir := flag.String("fashion-dir", "", "Fashion-MNIST idx files (default: Debian's dataset-fashion-mnist)")
	keep := flag.Bool("keep", false, "keep the temporary directories with the .fvecs/.ivecs files")
	child := flag.String("child", "", "internal: run one Go contender (hnsw, forest, brute) on the files in -dir")
	dir := flag.String("dir", "", "internal: with -child, the directory of the files")
	metric := flag.String("metric", "", "internal: with -child, l2 or cosine")
	flag.Parse()

	opt := options{threads: *threads, efs: parseInts(*efs), searchKs: parseInts(*searchKs), trees: *trees, nbrute: *nbrute}
	opt.annoySearchKs = opt.searchKs
	if *annoySearchKs != "" {
		opt.annoySearchKs = parseInts(*annoySearchKs)
	}
	if *child != "" {
		if err := runChild(*child, *dir, *metric, opt); err != nil {
			log.Fatalf("child %s: %v", *child, err)
		}
		return
	}
	if *rounds < 1 {
		log.Fatal("-rounds must be at least 1")
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	cs, err := selectContenders(*contenders, paths{self: self, native: *native, nativeDebian: *nativeDebian, python: *python, script: *script}, opt)
	if err != nil {
		log.Fatal(err)
	}
	printToolchain(cs)

	var all []*series
	for _, name := range strings.Split(*datasets, ",") {
		p, err := prepare(strings.TrimSpace(name), *fashionDir, *ntrain, *nq)
		if err != nil {
			log.Fatal(err)
		}
		all = append(all, runRounds(p, cs, *rounds)...)
		if *keep {
			log.Printf("%s: files kept in %s", p.name, p.dir)
		} else {
			os.RemoveAll(p.dir)
		}
	}
	printTable(os.Stdout, all, *rounds)
}

// runRounds runs every contender once per round on p, rotating the order by
// one each round so none always runs first (on a cold machine) or last.
func runRounds(p *prepared, cs []contender, rounds int) []*series {
	ss := make([]*series, len(cs))
	for i, c := range cs {
		ss[i] = newSeries(p.name, c)
	}
	for r := 0; r < rounds; r++ {
		for i := range cs {
			j := (i + r) % len(cs)
			log.Printf("%s: round %d/%d: %s", p.name, r+1, rounds, cs[j].key)
			res, err := cs[j].run(p)
			if err != nil {
				log.Fatalf("%s: %s: %v", p.name, cs[j].key, err)
			}
			ss[j].add(res)
		}
	}
	return ss
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

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// printToolchain says what was compared: the Go version and, from each
// native program, the library versions and compiler flags it was built
// with.
func printToolchain(cs []contender) {
	fmt.Printf("cpu: %s, %d cores\n", cpuModel(), runtime.NumCPU())
	fmt.Printf("go: %s %s/%s, GOAMD64=%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, goamd64())
	seen := map[string]bool{}
	for _, c := range cs {
		if c.version == nil || seen[c.program] {
			continue
		}
		seen[c.program] = true
		fmt.Printf("%s: %s\n", c.program, c.version())
	}
}
