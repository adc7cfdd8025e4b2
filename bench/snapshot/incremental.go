package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gokernel/gokernel/internal/procmem"
	"github.com/gokernel/gokernel/snapshot"
)

// incrementalKey names the incremental case in a job.
const incrementalKey = "incremental"

// changedValues is how much of the slice a round changes: 1 MiB of float64s,
// contiguous, as a cell that fixes up a window of a series does.
const changedValues = 1 << 20 / 8

// seriesLength is the length of each entry of the incremental case's map.
const seriesLength = 1024

// runIncremental measures the case the fixed blocks are for: a large state
// stored once, then again after a small change. The state is a []float64 of
// mib MiB and a map[string][]float64 of a sixteenth of that; each round
// changes 1 MiB in the middle of the slice and one entry of the map, in
// place, and stores each again. The snapshot store should write only the
// blocks around the change; gob+gzip has no choice but to rewrite the whole
// file. Each round also restores the slice.
//
// A contender's child does the whole sequence (incrementalChild), since the
// snapshot's store again compares with the *snapshot.Blocks of its previous
// store, which only that process holds. The two contenders' children take
// turns, the first alternating, in two runs of half the rounds each (rounded
// up): each contender then goes first once, so drift on a shared machine
// hits both, for the price of one more first store each, which for gob is
// as long as a round (it rewrites everything every time).
func runIncremental(ctx context.Context, root string, mib int) error {
	n := mib << 20 / 8
	if n < 2*changedValues {
		return fmt.Errorf("-incr-mib %d: the incremental case needs at least 2 MiB, to change 1 MiB of it", mib)
	}
	sliceBytes := int64(n) * 8
	// Only one child runs at a time, so the memory needed is the greedier
	// child's: gob's. It builds each message whole, in a buffer that grows by
	// copying (about 9 bytes per float64), and decodes from another, and the
	// runtime keeps what those free for the next step; between collections
	// the heap also grows to twice what is live. Its peak moved with the
	// collections' timing between 6.5 and 9 times the slice at 32 to 128 MiB
	// (the table's peak RSS). The snapshot's child peaked at 3.3 to 3.7
	// times, when it restores: the slice, its encoding read back and the
	// decoded copy. (With both in one process, a run of 256 MiB had peaked
	// at 7.5 times the slice: gob's buffers were most of it.) Swapping would
	// measure the disk, not the contenders.
	need := 9*sliceBytes + 512<<20
	if avail, ok := memAvailable(); ok && avail < need {
		fmt.Printf("incremental case skipped: %d MiB of state needs about %.1f GiB of memory, %.1f GiB is available; lower -incr-mib\n\n",
			mib, float64(need)/(1<<30), float64(avail)/(1<<30))
		return nil
	}

	runs := min(2, *rounds)
	perRun := (*rounds + runs - 1) / runs
	names := [2]string{snapshotName, gobName}
	var reports [2][]incrReport
	for run := range runs {
		for _, k := range order(run) {
			j := job{Workload: incrementalKey, Contender: names[k], Round: run, IncrMiB: mib, Rounds: perRun}
			rep, err := runChild[incrReport](ctx, root, j)
			if err != nil {
				return fmt.Errorf("incremental, %s, run %d: %w", names[k], run+1, err)
			}
			reports[k] = append(reports[k], rep)
		}
	}

	var (
		first, sliceAgain, mapAgain, restore [2]stepSamples // [0] snapshot, [1] gob+gzip
		coldRestore                          [2]stepSamples // each child's first restore
		encode, compare, readAll, decode     timing         // the snapshot's only
	)
	peakReset := true
	for k := range reports {
		for _, rep := range reports[k] {
			first[k].add(rep.First)
			for i := range rep.SliceAgain {
				sliceAgain[k].add(rep.SliceAgain[i])
				mapAgain[k].add(rep.MapAgain[i])
				restore[k].add(rep.Restore[i])
				if i == 0 {
					coldRestore[k].add(rep.Restore[i])
				}
			}
			for _, p := range []struct {
				costs []cost
				into  *timing
			}{{rep.Encode, &encode}, {rep.Compare, &compare}, {rep.ReadAll, &readAll}, {rep.Decode, &decode}} {
				for _, c := range p.costs {
					p.into.add(c)
				}
			}
			peakReset = peakReset && rep.PeakReset
		}
	}

	rep := reports[0][0]
	fmt.Printf("incremental: state = []float64 of %d MiB (%d prices) + map[string][]float64 of %d series of %d prices (%s payload)\n",
		mib, n, rep.Series, seriesLength, mb(float64(rep.MapBytes)))
	fmt.Printf("each round changes %d contiguous values (1 MiB) in the middle of the slice and then one map entry, in place, and stores each again\n", changedValues)
	fmt.Printf("each contender runs the whole sequence in a child of its own, %s, taking turns; each child's first restore faults its memory in afresh, as one in a new kernel worker does\n",
		plural(runs, "run")+" of "+plural(perRun, "round"))
	fmt.Println("peak RSS = the child's highest resident memory during the step: the state, and what its runtime kept from earlier steps, included")
	payload := float64(sliceBytes + rep.MapBytes)
	var firsts [2]string
	for k := range first {
		f := &first[k]
		firsts[k] = fmt.Sprintf("%s %s (cpu %s, %s MB/s), %s stored, peak RSS %s", names[k],
			f.took.wall.duration(), f.took.cpu.duration(), f.took.wall.apply(func(s float64) float64 { return payload / s / 1e6 }).format("%.1f"),
			f.added.bytes(), f.peak.rss())
	}
	fmt.Printf("first store of slice + map (%s): %s; %s\n", plural(runs, "run"), firsts[0], firsts[1])

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "step\tcontender\tnew bytes stored\tnew files\ttime\tcpu time\tpeak RSS\ttarget (snapshot, on time)\t")
	for _, s := range []struct {
		step string
		s    *[2]stepSamples
	}{
		{"store the slice again, 1 MiB changed", &sliceAgain},
		{"store the map again, 1 entry changed", &mapAgain},
	} {
		snap, gz := &s.s[0], &s.s[1]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t< 2 MiB and < 50 ms: %s, %s\t\n", s.step, names[0],
			snap.added.bytes(), snap.files.format("%.0f"), snap.took.wall.duration(), snap.took.cpu.duration(), snap.peak.rss(),
			verdict(snap.added.median() < 2<<20), verdict(snap.took.wall.median() < 0.050))
		fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\t%s\t\t\n", names[1]+" (rewrites the file)",
			gz.added.bytes(), gz.files.format("%.0f"), gz.took.wall.duration(), gz.took.cpu.duration(), gz.peak.rss())
	}
	limit := 3.0 * float64(mib) / 1024 // the target is 3 s for 1 GiB
	fmt.Fprintf(tw, "restore the slice (%d MiB)\tsnapshot (OpenValue into Decode)\t\t\t%s\t%s\t%s\t< %.3g s: %s\t\n", mib,
		restore[0].took.wall.duration(), restore[0].took.cpu.duration(), restore[0].peak.rss(), limit, verdict(restore[0].took.wall.median() < limit))
	fmt.Fprintf(tw, "\t%s\t\t\t%s\t%s\t%s\t\t\n", names[1], restore[1].took.wall.duration(), restore[1].took.cpu.duration(), restore[1].peak.rss())
	// A child's first restore gets its memory from the system, as a restore
	// in a new worker after a crash does; later ones reuse what the
	// collector freed.
	fmt.Fprintf(tw, "  of which each child's first (fresh memory)\tsnapshot\t\t\t%s\t%s\t%s\t< %.3g s: %s\t\n",
		coldRestore[0].took.wall.duration(), coldRestore[0].took.cpu.duration(), coldRestore[0].peak.rss(), limit, verdict(coldRestore[0].took.wall.median() < limit))
	fmt.Fprintf(tw, "\t%s\t\t\t%s\t%s\t%s\t\t\n", names[1], coldRestore[1].took.wall.duration(), coldRestore[1].took.cpu.duration(), coldRestore[1].peak.rss())
	for _, part := range []struct {
		what, how string
		took      timing
	}{
		{"  parts of the snapshot's store again:", "Encode alone, to io.Discard", encode},
		{"", "Encode into a BlockWriter, nothing changed", compare},
		{"  parts of the snapshot's restore:", "ReadAll alone", readAll},
		{"", "Decode alone, from a *bytes.Reader", decode},
	} {
		if len(part.took.wall) > 0 { // no BlockWriter below kernelBlockThreshold
			fmt.Fprintf(tw, "%s\t%s\t\t\t%s\t%s\t\t\t\n", part.what, part.how, part.took.wall.duration(), part.took.cpu.duration())
		}
	}
	tw.Flush()
	if !peakReset {
		fmt.Println("(peak RSS since the child started: this system cannot reset it)")
	}
	if mib != 1024 {
		fmt.Println("(the targets are for 1024 MiB; the restore target is scaled to this size, the others are not)")
	}
	fmt.Println()
	return nil
}

// order returns the order in which the two contenders of the incremental
// case go in run, alternating which is first.
func order(run int) []int {
	if run%2 == 0 {
		return []int{0, 1}
	}
	return []int{1, 0}
}

// An incrReport is what a child of the incremental case reports: its first
// store and, per round, its store again of the slice and of the map and its
// restore of the slice; the snapshot's child, per round, also where its time
// goes.
type incrReport struct {
	Series                        int    `json:"series"`    // entries of the map
	MapBytes                      int64  `json:"map_bytes"` // the map's payload
	First                         step   `json:"first"`     // storing the slice and the map, both new
	SliceAgain, MapAgain, Restore []step `json:",omitempty"`
	// The parts of the snapshot's store again and restore of the slice.
	Encode, Compare, ReadAll, Decode []cost `json:",omitempty"`
	PeakReset                        bool   `json:"peak_reset"` // whether each step's peak RSS is its own
}

// A step is one timed step of an incremental child.
type step struct {
	Cost    cost  `json:"cost"`
	Added   int64 `json:"added"`    // bytes of the files the step added to the folder
	Files   int64 `json:"files"`    // files it added
	PeakRSS int64 `json:"peak_rss"` // the child's highest resident memory during the step
}

// stepSamples gather one contender's steps of one kind, in the parent.
type stepSamples struct {
	added, files, peak samples
	took               timing
}

func (s *stepSamples) add(st step) {
	s.added = append(s.added, float64(st.Added))
	s.files = append(s.files, float64(st.Files))
	s.peak = append(s.peak, float64(st.PeakRSS))
	s.took.add(st.Cost)
}

// incrementalChild runs the incremental case's sequence with one contender,
// in the folder j.Dir: the state is built, stored, and then changed, stored
// again and restored in each of j.Rounds rounds.
func incrementalChild(j job) (*incrReport, error) {
	snap := j.Contender == snapshotName
	if !snap && j.Contender != gobName {
		return nil, fmt.Errorf("no contender %q in the incremental case", j.Contender)
	}
	n := j.IncrMiB << 20 / 8
	r := rand.New(rand.NewPCG(4, 4))
	state := prices(r, n)
	m := series(r, max(1, j.IncrMiB<<20/16/(8*seriesLength)), seriesLength)
	keys := slices.Sorted(maps.Keys(m))
	key := keys[len(keys)/2]
	rep := &incrReport{Series: len(m), MapBytes: int64(len(m)) * (8*seriesLength + int64(len(key)))}

	// Value 0 is the slice, 1 the map: in the snapshot's store, by their
	// Refs and, from 8 MiB, the Blocks their next store compares with; for
	// gob+gzip, a file each.
	values := [2]any{state, m}
	var (
		st     *snapshot.ObjectStore
		refs   [2]snapshot.Ref
		blocks [2]*snapshot.Blocks
		paths  = [2]string{filepath.Join(j.Dir, "state.gob.gz"), filepath.Join(j.Dir, "series.gob.gz")}
	)
	if snap {
		var err error
		if st, err = snapshot.OpenObjects(j.Dir); err != nil {
			return nil, err
		}
	}
	store := func(i int) (err error) {
		if snap {
			refs[i], blocks[i], err = putAsKernel(st, values[i], blocks[i])
			return err
		}
		return writeGob(paths[i], values[i], gzip.DefaultCompression)
	}
	// measure times f and records what it added to the folder and the peak
	// resident memory while it ran.
	measure := func(f func() error) (step, error) {
		// Each step starts from a collected heap, as each iteration of a Go
		// benchmark does: the round's earlier steps (a restore and its parts
		// decode 2 GiB) leave garbage whose collection would otherwise land
		// in whichever step comes next, a cost of the benchmark's own sequence
		// and not of the step. A cell's snapshot in the kernel follows user
		// code instead, whose garbage is the user's.
		runtime.GC()
		size0, files0, err := diskUsage(j.Dir)
		if err != nil {
			return step{}, err
		}
		rep.PeakReset = procmem.ResetPeakRSS()
		c, err := timed(f)
		if err != nil {
			return step{}, err
		}
		peak := peakRSS()
		size1, files1, err := diskUsage(j.Dir)
		return step{Cost: c, Added: size1 - size0, Files: files1 - files0, PeakRSS: peak}, err
	}
	storeAgain := func(i int) (step, error) {
		if !snap {
			// A rewrite: every byte of the new file is new.
			if err := os.Remove(paths[i]); err != nil {
				return step{}, err
			}
		}
		return measure(func() error { return store(i) })
	}
	restore := func() (step, error) {
		var v any
		s, err := measure(func() (err error) {
			if snap {
				v, err = getValue(st, refs[0], reflect.TypeFor[[]float64]())
			} else {
				v, err = readGob(paths[0], new([]float64))
			}
			return err
		})
		if err == nil {
			if got, ok := v.([]float64); !ok || !slices.Equal(got, state) {
				err = fmt.Errorf("incremental: the restored slice differs from the state")
			}
		}
		return s, err
	}

	// The first store: everything is new.
	var err error
	if rep.First, err = measure(func() error {
		if err := store(0); err != nil {
			return err
		}
		return store(1)
	}); err != nil {
		return nil, err
	}
	for round := range j.Rounds {
		// New values for the window, different each round, with the
		// prices' few decimals.
		mid := n/2 - changedValues/2
		for i := mid; i < mid+changedValues; i++ {
			state[i] = math.Round((state[i]*1.01+float64(round+1))*100) / 100
		}
		s, err := storeAgain(0)
		if err != nil {
			return nil, err
		}
		rep.SliceAgain = append(rep.SliceAgain, s)
		for i, x := range m[key] {
			m[key][i] = math.Round((x*1.01+float64(round+1))*100) / 100
		}
		if s, err = storeAgain(1); err != nil {
			return nil, err
		}
		rep.MapAgain = append(rep.MapAgain, s)
		if s, err = restore(); err != nil {
			return nil, err
		}
		rep.Restore = append(rep.Restore, s)
		if snap {
			if err := snapshotParts(rep, st, refs[0], blocks[0], state); err != nil {
				return nil, err
			}
		}
	}
	return rep, nil
}

// snapshotParts measures where the snapshot's store again and restore of
// the slice (stored as ref, in blocks) spend their time, and adds that to
// rep: the walk alone, the walk into a BlockWriter that compares each block
// with the last store (all unchanged here: the slice was just stored), then
// ReadAll and Decode.
func snapshotParts(rep *incrReport, st *snapshot.ObjectStore, ref snapshot.Ref, blocks *snapshot.Blocks, state []float64) error {
	c, err := timed(func() error { return snapshot.Encode(io.Discard, reflect.ValueOf(state)) })
	if err != nil {
		return err
	}
	rep.Encode = append(rep.Encode, c)
	if blocks != nil { // nil below kernelBlockThreshold: stored in chunks
		var bw *snapshot.BlockWriter
		if c, err = timed(func() error {
			bw = snapshot.NewBlockWriter(blocks)
			return snapshot.Encode(bw, reflect.ValueOf(state))
		}); err != nil {
			return err
		}
		if bw.Changed() != 0 {
			return fmt.Errorf("incremental: %d bytes of an unchanged slice compare as changed", bw.Changed())
		}
		rep.Compare = append(rep.Compare, c)
	}

	var data []byte
	if c, err = timed(func() (err error) { data, err = st.ReadAll(ref); return err }); err != nil {
		return err
	}
	rep.ReadAll = append(rep.ReadAll, c)
	var v reflect.Value
	if c, err = timed(func() (err error) {
		t := reflect.TypeFor[[]float64]()
		v, err = snapshot.Decode(bytes.NewReader(data), t, snapshot.NewTypeResolver(t))
		return err
	}); err != nil {
		return err
	}
	rep.Decode = append(rep.Decode, c)
	if !slices.Equal(v.Interface().([]float64), state) {
		return fmt.Errorf("incremental: the decoded slice differs from the state")
	}
	return nil
}

// memAvailable returns the memory the kernel estimates can be allocated
// without swapping, from /proc/meminfo, and whether it knows.
func memAvailable() (int64, bool) {
	info, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(info)) {
		if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
