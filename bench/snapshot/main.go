// Command snapshot compares the kernel's snapshot store (package snapshot:
// Encode, then ObjectStore.PutStream, which chunks, hashes, compresses with
// zstd, writes and fsyncs) with the obvious alternative for saving Go values,
// encoding/gob over compress/gzip into a synced file, on the same values in
// one run, so that both see the same machine, disk and load.
//
// For three workloads (a []float64 of prices, a map of structs, a matrix of
// float32 embeddings) it reports the store throughput, the bytes on disk and
// the time to restore the value; for a 1 GiB state it reports what storing it
// again after a 1 MiB change adds and costs, which is where content-defined
// chunking should pay, and how long restoring it takes. The targets of the
// snapshot work are printed next to the numbers. The contenders take turns
// within each round, the first one rotating, so that drift on a shared
// machine hits all of them; each number is the median of the rounds, with
// their minimum and maximum.
//
//	go run ./bench/snapshot -rounds 5 -scale 1 -incr-mib 1024
//
// Sizes: "payload" is the bytes of the Go values' data as they are in memory,
// without headers or pointers (8 per float64 or int, 4 per float32, a string's
// bytes); MB is 10^6 bytes, MiB 2^20. Store throughput is the payload over the
// wall time of the whole store: encoding, compressing, writing and syncing.
// Stored bytes are the sizes of the files the contender left in its folder.
// Restores read files just written, from the page cache. The process's CPU
// time is printed next to the wall time: other work on a shared machine
// disturbs it less, though it hides the snapshot store's use of every core.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"maps"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/gokernel/gokernel/snapshot"
)

var (
	rounds    = flag.Int("rounds", 5, "measured `rounds` per workload")
	scale     = flag.Float64("scale", 1, "size `factor` of workloads a, b and c (1: 256 MiB of prices, 200k songs, 100k embeddings)")
	incrMiB   = flag.Int("incr-mib", 1024, "`MiB` of []float64 state in the incremental case; 0 skips it")
	baseDir   = flag.String("dir", "", "`folder` for the stores and files written (default: the system's temporary folder)")
	bestSpeed = flag.Bool("best-speed", true, "also measure gob+gzip at gzip.BestSpeed")
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench/snapshot: ")
	flag.Parse()
	if *rounds < 1 || *scale <= 0 || *incrMiB < 0 {
		log.Fatal("-rounds and -scale must be positive, -incr-mib not negative")
	}
	root, err := os.MkdirTemp(*baseDir, "snapshot-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(root)
	// An interrupted run removes its files too: they can take gigabytes.
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-interrupted
		os.RemoveAll(root)
		os.Exit(1)
	}()

	fmt.Printf("GOMAXPROCS %d; files under %s; %d rounds, contenders interleaved\n", runtime.GOMAXPROCS(0), root, *rounds)
	fmt.Println("payload = bytes of the values' data in memory (8 per float64 or int, 4 per float32, a string's bytes); MB = 10^6 bytes")
	fmt.Println("store = encode + compress + write + fsync; stored = sum of file sizes written; restore = read + decompress + decode, from the page cache")
	fmt.Println("snapshot runs on every core (PutStream compresses chunks in parallel), gob+gzip on one; store cpu is the process's CPU time")
	fmt.Println()

	contenders := []contender{snapshotContender()}
	contenders = append(contenders, gobContender("gob+gzip", gzip.DefaultCompression))
	if *bestSpeed {
		contenders = append(contenders, gobContender("gob+gzip BestSpeed", gzip.BestSpeed))
	}
	workloads := []func() *workload{
		func() *workload {
			n := int(float64(32<<20) * *scale)
			v := prices(rand.New(rand.NewPCG(1, 1)), n)
			return newWorkload("(a) []float64", fmt.Sprintf("%d prices: a random walk in cents, 30%% of ticks unchanged", n),
				v, 8*int64(n), slices.Equal)
		},
		func() *workload {
			n := int(200_000 * *scale)
			v, size := songs(rand.New(rand.NewPCG(2, 2)), n)
			return newWorkload("(b) map[string]Song", fmt.Sprintf("%d songs: 22-byte ids, a title, 2 ints, a float64, 32 float32s", n),
				v, size, func(a, b map[string]Song) bool { return maps.EqualFunc(a, b, Song.equal) })
		},
		func() *workload {
			n, dim := int(100_000**scale), 64
			v := embeddings(rand.New(rand.NewPCG(3, 3)), n, dim)
			return newWorkload("(c) [][]float32", fmt.Sprintf("%d x %d embeddings: unit vectors around 256 centroids", n, dim),
				v, 4*int64(n*dim), func(a, b [][]float32) bool { return slices.EqualFunc(a, b, slices.Equal) })
		},
	}
	for _, build := range workloads {
		if err = runWorkload(root, contenders, build); err != nil {
			break
		}
		// Return the workload's memory, so that the next one, and the
		// incremental case above all, start from a small heap.
		debug.FreeOSMemory()
	}
	if err == nil && *incrMiB > 0 {
		err = runIncremental(root, *incrMiB)
	}
	fmt.Printf("peak resident memory: %s\n", peakRSS())
	if err != nil {
		os.RemoveAll(root) // log.Fatal skips the deferred removal
		log.Fatal(err)
	}
}

// A workload is a value to store and restore, and how to check a restored
// one. It is built by newWorkload, which knows the value's type.
type workload struct {
	name, what string
	size       int64 // payload bytes
	value      any
	typ        reflect.Type
	newPtr     func() any // a pointer to a new zero value, for gob to decode into
	check      func(restored any) error
}

func newWorkload[T any](name, what string, v T, size int64, equal func(a, b T) bool) *workload {
	return &workload{
		name: name, what: what, size: size, value: v,
		typ:    reflect.TypeFor[T](),
		newPtr: func() any { return new(T) },
		check: func(restored any) error {
			if got, ok := restored.(T); !ok || !equal(v, got) {
				return fmt.Errorf("the restored %T differs from the value stored", restored)
			}
			return nil
		},
	}
}

// A contender is one way to store values.
type contender struct {
	name string
	// save stores v in the empty folder dir, durably, and returns the
	// function that restores it.
	save func(dir string, w *workload) (restore func() (any, error), err error)
}

// snapshotContender stores values as the kernel does: the walk's encoding,
// streamed into PutStream of an object store.
func snapshotContender() contender {
	return contender{
		name: "snapshot",
		save: func(dir string, w *workload) (func() (any, error), error) {
			st, err := snapshot.OpenObjects(dir)
			if err != nil {
				return nil, err
			}
			ref, err := putValue(st, w.value)
			if err != nil {
				return nil, err
			}
			return func() (any, error) { return getValue(st, ref, w.typ) }, nil
		},
	}
}

// putValue encodes v into st through a pipe, so that encoding overlaps
// chunking and compression and the encoding is never held whole in memory.
func putValue(st *snapshot.ObjectStore, v any) (snapshot.Ref, error) {
	pr, pw := io.Pipe()
	encoded := make(chan error, 1)
	go func() {
		err := snapshot.Encode(pw, reflect.ValueOf(v))
		pw.CloseWithError(err)
		encoded <- err
	}()
	ref, err := st.PutStream(pr)
	// When PutStream stopped early, the encoder is blocked in a write.
	pr.CloseWithError(errors.New("PutStream returned"))
	if encErr := <-encoded; encErr != nil && err == nil {
		err = encErr
	}
	return ref, err
}

// getValue restores the value ref names as a value of type t. Decode is
// given a *bytes.Reader so that it can read numeric slices straight into
// their memory.
func getValue(st *snapshot.ObjectStore, ref snapshot.Ref, t reflect.Type) (any, error) {
	data, err := st.ReadAll(ref)
	if err != nil {
		return nil, err
	}
	v, err := snapshot.Decode(bytes.NewReader(data), t, snapshot.NewTypeResolver(t))
	if err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

// gobContender stores values with encoding/gob over compress/gzip at level.
func gobContender(name string, level int) contender {
	return contender{
		name: name,
		save: func(dir string, w *workload) (func() (any, error), error) {
			path := filepath.Join(dir, "value.gob.gz")
			if err := writeGob(path, w.value, level); err != nil {
				return nil, err
			}
			return func() (any, error) { return readGob(path, w.newPtr()) }, nil
		},
	}
}

// writeGob writes v to a new file at path and syncs it. The file gets a
// bufio.Writer because gzip hands its writer small pieces. Unlike the
// snapshot store, it neither renames nor syncs the folder: it is what a
// notebook user would write, and it does less work.
func writeGob(path string, v any, level int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<16)
	zw, err := gzip.NewWriterLevel(bw, level)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(zw).Encode(v); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// readGob decodes the file at path into ptr and returns the value it points
// to.
func readGob(path string, ptr any) (any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		return nil, err
	}
	if err := gob.NewDecoder(zr).Decode(ptr); err != nil {
		return nil, err
	}
	return reflect.ValueOf(ptr).Elem().Interface(), nil
}

// A result gathers one contender's measurements of a workload, one per
// round.
type result struct {
	store, storeCPU, restore samples // seconds
	stored                   samples // bytes
}

// runWorkload builds the workload, measures every contender on it in
// interleaved rounds and prints the table. The workload is built here and
// dropped on return, so that only one is in memory at a time.
func runWorkload(root string, contenders []contender, build func() *workload) error {
	w := build()
	results := make([]result, len(contenders))
	var walk samples // snapshot.Encode alone: the walk's share of the snapshot's store
	for round := range *rounds {
		for i := range contenders {
			k := (round + i) % len(contenders)
			if err := measureOnce(root, contenders[k], w, &results[k]); err != nil {
				return fmt.Errorf("%s, %s: %w", w.name, contenders[k].name, err)
			}
		}
		var c cost
		if err := timed(&c, func() error { return snapshot.Encode(io.Discard, reflect.ValueOf(w.value)) }); err != nil {
			return err
		}
		walk = append(walk, c.wall.Seconds())
	}

	fmt.Printf("%s: %s\npayload %s\n", w.name, w.what, mb(float64(w.size)))
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "contender\tstore MB/s\tstore s\tstore cpu s\tstored\trestore s\t")
	for i, c := range contenders {
		r := &results[i]
		throughput := r.store.apply(func(s float64) float64 { return float64(w.size) / s / 1e6 })
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s (%.1f%% of payload)\t%s\t\n", c.name,
			throughput.format("%.1f"), r.store.format("%.2f"), r.storeCPU.format("%.2f"),
			r.stored.bytes(), 100*r.stored.median()/float64(w.size), r.restore.format("%.2f"))
	}
	tw.Flush()
	if walk.median() < 1e-3 {
		// Long numeric spans go to the writer as they lie in memory, so
		// io.Discard costs nothing and there is no rate to speak of.
		fmt.Printf("of which snapshot.Encode alone, to io.Discard: %s (the numbers are handed over uncopied)\n", walk.duration())
	} else {
		fmt.Printf("of which snapshot.Encode alone, to io.Discard: %s (%s MB/s)\n", walk.duration(),
			walk.apply(func(s float64) float64 { return float64(w.size) / s / 1e6 }).format("%.0f"))
	}
	snap, gz := &results[0], &results[1]
	speedup := gz.store.median() / snap.store.median()
	cpuRatio := gz.storeCPU.median() / snap.storeCPU.median()
	ratio := snap.stored.median() / gz.stored.median()
	fmt.Printf("target: snapshot store throughput >= 3x gob+gzip: %.2fx (%s; by cpu time %.2fx); fewer bytes stored than gob+gzip: %.3fx (%s)\n\n",
		speedup, verdict(speedup >= 3), cpuRatio, ratio, verdict(ratio < 1))
	return nil
}

// measureOnce stores w with c in a new folder, restores it, checks the
// restored value and adds the measurements to r.
func measureOnce(root string, c contender, w *workload, r *result) error {
	dir, err := os.MkdirTemp(root, "store-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	var saved, restored cost
	var restore func() (any, error)
	err = timed(&saved, func() (err error) { restore, err = c.save(dir, w); return err })
	if err != nil {
		return err
	}
	size, _, err := diskUsage(dir)
	if err != nil {
		return err
	}
	var v any
	err = timed(&restored, func() (err error) { v, err = restore(); return err })
	if err != nil {
		return err
	}
	if err := w.check(v); err != nil {
		return err
	}
	r.store = append(r.store, saved.wall.Seconds())
	r.storeCPU = append(r.storeCPU, saved.cpu.Seconds())
	r.restore = append(r.restore, restored.wall.Seconds())
	r.stored = append(r.stored, float64(size))
	return nil
}

// diskUsage returns the total size of the files under dir and their number.
func diskUsage(dir string) (size, files int64, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		size += info.Size()
		files++
		return nil
	})
	return size, files, err
}

// A cost is what running something took: wall time, and the process's CPU
// time, which other work on a shared machine disturbs less.
type cost struct{ wall, cpu time.Duration }

// timed runs f after a collection, so that it does not pay for earlier
// garbage, and sets *c to what it took.
func timed(c *cost, f func() error) error {
	// Neither contender pays for the other's garbage, or for writing back its
	// files: on ext4 an fsync commits the journal, which first writes every
	// dirty page of the file system (a gob file of 170 MB just written). The
	// runtime still returns the other's freed memory to the system in the
	// background, on the process's CPU; debug.FreeOSMemory here would instead
	// make every contender fault its memory in afresh, slower still on this VM.
	runtime.GC()
	syncFileSystems()
	cpu0, t0 := cpuTime(), time.Now()
	err := f()
	*c = cost{time.Since(t0), cpuTime() - cpu0}
	return err
}

// A timing gathers costs, one per round, in seconds.
type timing struct{ wall, cpu samples }

func (t *timing) add(c cost) {
	t.wall = append(t.wall, c.wall.Seconds())
	t.cpu = append(t.cpu, c.cpu.Seconds())
}

// samples are the measurements of one quantity, one per round.
type samples []float64

func (s samples) median() float64 {
	if len(s) == 0 {
		return 0
	}
	t := slices.Sorted(slices.Values(s))
	if n := len(t); n%2 == 0 {
		return (t[n/2-1] + t[n/2]) / 2
	}
	return t[len(t)/2]
}

func (s samples) apply(f func(float64) float64) samples {
	out := make(samples, len(s))
	for i, x := range s {
		out[i] = f(x)
	}
	return out
}

// format returns "median (min–max)", or the median alone when all agree
// or there is one sample.
func (s samples) format(verb string) string {
	m := fmt.Sprintf(verb, s.median())
	lo, hi := fmt.Sprintf(verb, slices.Min(s)), fmt.Sprintf(verb, slices.Max(s))
	if lo == hi {
		return m
	}
	return fmt.Sprintf("%s (%s–%s)", m, lo, hi)
}

// duration formats durations in seconds as format does, in ms below 1 s.
func (s samples) duration() string {
	switch m := s.median(); {
	case m < 0.01:
		return s.apply(func(x float64) float64 { return 1e3 * x }).format("%.2f") + " ms"
	case m < 1:
		return s.apply(func(x float64) float64 { return 1e3 * x }).format("%.1f") + " ms"
	}
	return s.format("%.2f") + " s"
}

// bytes formats byte counts as format does, in MB, or in MiB below 10 MB,
// where the targets are in MiB.
func (s samples) bytes() string {
	scale, unit := 1e6, "MB"
	if s.median() < 10e6 {
		scale, unit = 1<<20, "MiB"
	}
	return s.apply(func(b float64) float64 { return b / scale }).format("%.2f") + " " + unit
}

func mb(b float64) string { return fmt.Sprintf("%.1f MB", b/1e6) }

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "NOT met"
}

// peakRSS returns the process's peak resident memory, from /proc.
func peakRSS() string {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(rest)
		}
	}
	return "unknown"
}
