// Command snapshot compares the kernel's snapshot store (package snapshot)
// with the obvious alternative for saving Go values, encoding/gob over
// compress/gzip into a synced file, on the same values in one run, so that
// both see the same machine, disk and load.
//
// The snapshot stores values through the kernel's path (putAsKernel): the
// walk's encoding (snapshot.Encode) goes into a snapshot.BlockWriter; a
// value of 8 MiB or more is then stored in fixed blocks of 512 KiB
// (ObjectStore.PutBlocks), a smaller one in content-defined chunks
// (ObjectStore.PutStream); both hash, compress with zstd, write and fsync.
// A restore is ObjectStore.OpenValue streamed into snapshot.Decode, as the kernel restores.
//
// For three workloads (a []float64 of prices, a map of structs, a matrix of
// float32 embeddings) it reports the store throughput, the bytes on disk, the
// time to restore the value and the peak memory; for a 1 GiB state it
// reports what storing it again after a 1 MiB change adds and costs, which
// is where the fixed blocks should pay, and how long restoring it takes. The
// targets of the snapshot work are printed next to the numbers.
//
// Each measurement runs in a child process of its own (child.go), so that
// no contender pays for another's garbage and each one's peak memory is its
// own. The contenders take turns within each round, the first one rotating,
// so that drift on a shared machine hits all of them; each number is the
// median of the rounds, with their minimum and maximum.
//
//	go run ./bench/snapshot -rounds 5 -scale 1 -incr-mib 1024
//
// Sizes: "payload" is the bytes of the Go values' data as they are in memory,
// without headers or pointers (8 per float64 or int, 4 per float32, a string's
// bytes); MB is 10^6 bytes, MiB 2^20. Store throughput is the payload over the
// wall time of the whole store: encoding, compressing, writing and syncing.
// Stored bytes are the sizes of the files the contender left in its folder.
// Restores read files just written, from the page cache. The child's CPU
// time is printed next to the wall time: other work on a shared machine
// disturbs it less, though it hides the snapshot store's use of every core.
// Peak RSS is the child's highest resident memory (VmHWM) while it stored,
// restored and checked the value, the value itself included.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"text/tabwriter"

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
	if len(os.Args) == 3 && os.Args[1] == childArg {
		childMain(os.Args[2])
		return
	}
	flag.Parse()
	if *rounds < 1 || *scale <= 0 || *incrMiB < 0 {
		log.Fatal("-rounds and -scale must be positive, -incr-mib not negative")
	}
	root, err := os.MkdirTemp(*baseDir, "snapshot-bench-")
	if err != nil {
		log.Fatal(err)
	}
	// An interrupted run removes its files too, the children's included (they
	// are under root): they can take gigabytes. The signal ends ctx, which
	// kills the running child; run returns once it has exited.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, root)
	stop()
	os.RemoveAll(root)
	if err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, root string) error {
	fmt.Printf("GOMAXPROCS %d; files under %s; %d rounds, contenders interleaved, each measurement in a child process of its own\n", runtime.GOMAXPROCS(0), root, *rounds)
	fmt.Println("payload = bytes of the values' data in memory (8 per float64 or int, 4 per float32, a string's bytes); MB = 10^6 bytes")
	fmt.Println("store = encode + compress + write + fsync; stored = sum of file sizes written; restore = read + decompress + decode, from the page cache")
	fmt.Printf("snapshot = the kernel's path: Encode into a BlockWriter, then %d MiB or more in fixed %d KiB blocks (PutBlocks), less in content-defined chunks (PutStream); restore = OpenValue streamed into Decode\n",
		kernelBlockThreshold>>20, snapshot.BlockSize>>10)
	fmt.Println("snapshot runs on every core (blocks and chunks are compressed in parallel), gob+gzip on one; store cpu is the child's CPU time")
	fmt.Println("peak RSS = the child's highest resident memory while storing, restoring and checking, the value itself included")
	fmt.Println()

	cs := contenders(*bestSpeed)
	for _, w := range workloads(*scale) {
		if err := runWorkload(ctx, root, cs, w); err != nil {
			return err
		}
	}
	if *incrMiB > 0 {
		return runIncremental(ctx, root, *incrMiB)
	}
	return nil
}

// A result gathers one contender's measurements of a workload, one per
// round.
type result struct {
	store, storeCPU, restore samples // seconds
	stored, peakRSS          samples // bytes
}

// runWorkload measures every contender on w in interleaved rounds, each
// measurement in a child, and prints the table.
func runWorkload(ctx context.Context, root string, cs []contender, w *workload) error {
	results := make([]result, len(cs))
	var walk samples // snapshot.Encode alone: the walk's share of the snapshot's store
	var payload int64
	peakReset := true
	for round := range *rounds {
		for i := range cs {
			k := (round + i) % len(cs)
			j := job{Workload: w.key, Contender: cs[k].name, Round: round, Scale: *scale}
			m, err := runChild[measurement](ctx, root, j)
			if err == nil && payload != 0 && m.Payload != payload {
				err = fmt.Errorf("a payload of %d bytes, %d before: the data is not the same in every child", m.Payload, payload)
			}
			if err != nil {
				return fmt.Errorf("%s, %s, round %d: %w", w.name, cs[k].name, round+1, err)
			}
			payload = m.Payload
			r := &results[k]
			r.store = append(r.store, m.Store.Wall.Seconds())
			r.storeCPU = append(r.storeCPU, m.Store.CPU.Seconds())
			r.restore = append(r.restore, m.Restore.Wall.Seconds())
			r.stored = append(r.stored, float64(m.Stored))
			r.peakRSS = append(r.peakRSS, float64(m.PeakRSS))
			peakReset = peakReset && m.PeakReset
			if cs[k].name == snapshotName {
				walk = append(walk, m.Encode.Wall.Seconds())
			}
		}
	}

	fmt.Printf("%s: %s\npayload %s\n", w.name, w.what, mb(float64(payload)))
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "contender\tstore MB/s\tstore s\tstore cpu s\tstored\trestore s\tpeak RSS\t")
	for i, c := range cs {
		r := &results[i]
		throughput := r.store.apply(func(s float64) float64 { return float64(payload) / s / 1e6 })
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s (%.1f%% of payload)\t%s\t%s\t\n", c.name,
			throughput.format("%.1f"), r.store.format("%.2f"), r.storeCPU.format("%.2f"),
			r.stored.bytes(), 100*r.stored.median()/float64(payload), r.restore.format("%.2f"), r.peakRSS.rss())
	}
	tw.Flush()
	if !peakReset {
		fmt.Println("(peak RSS since the child started, building the value included: this system cannot reset it)")
	}
	if walk.median() < 1e-3 {
		// Long numeric spans go to the writer as they lie in memory, so
		// io.Discard costs nothing and there is no rate to speak of.
		fmt.Printf("of which snapshot.Encode alone, to io.Discard: %s (the numbers are handed over uncopied)\n", walk.duration())
	} else {
		fmt.Printf("of which snapshot.Encode alone, to io.Discard: %s (%s MB/s)\n", walk.duration(),
			walk.apply(func(s float64) float64 { return float64(payload) / s / 1e6 }).format("%.0f"))
	}
	snap, gz := &results[0], &results[1]
	speedup := gz.store.median() / snap.store.median()
	cpuRatio := gz.storeCPU.median() / snap.storeCPU.median()
	ratio := snap.stored.median() / gz.stored.median()
	fmt.Printf("target: snapshot store throughput >= 3x gob+gzip: %.2fx (%s; by cpu time %.2fx); fewer bytes stored than gob+gzip: %.3fx (%s)\n\n",
		speedup, verdict(speedup >= 3), cpuRatio, ratio, verdict(ratio < 1))
	return nil
}
