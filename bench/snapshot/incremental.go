package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gokernel/gokernel/snapshot"
)

// changedValues is how much of the slice a round changes: 1 MiB of float64s,
// contiguous, as a cell that fixes up a window of a series does.
const changedValues = 1 << 20 / 8

// seriesLength is the length of each entry of the incremental case's map.
const seriesLength = 1024

// runIncremental measures the case chunking is for: a large state stored
// once, then again after a small change. The state is a []float64 of mib MiB
// and a map[string][]float64 of a sixteenth of that; each round changes 1 MiB
// in the middle of the slice and one entry of the map, in place, and stores
// each again. The snapshot store should write only the chunks around the
// change; gob+gzip has no choice but to rewrite the whole file. Each round
// also restores the slice with both.
func runIncremental(root string, mib int) error {
	n := mib << 20 / 8
	if n < 2*changedValues {
		return fmt.Errorf("-incr-mib %d: the incremental case needs at least 2 MiB, to change 1 MiB of it", mib)
	}
	sliceBytes := int64(n) * 8
	// Memory peaks while gob encodes the slice: it builds the whole message
	// in a buffer that grows by copying, about four times the slice at once.
	// With the slice, the map and the heap's slack between collections, a
	// run of 256 MiB peaked at 7.5 times the slice. Swapping would measure
	// the disk, not the contenders.
	need := 8*sliceBytes + 1<<30
	if avail, ok := memAvailable(); ok && avail < need {
		fmt.Printf("incremental case skipped: %d MiB of state needs about %.1f GiB of memory, %.1f GiB is available; lower -incr-mib\n\n",
			mib, float64(need)/(1<<30), float64(avail)/(1<<30))
		return nil
	}

	r := rand.New(rand.NewPCG(4, 4))
	state := prices(r, n)
	m := series(r, max(1, mib<<20/16/(8*seriesLength)), seriesLength)
	keys := slices.Sorted(maps.Keys(m))
	key := keys[len(keys)/2]
	mapBytes := int64(len(m)) * (8*seriesLength + int64(len(key)))

	snapDir, err := os.MkdirTemp(root, "incr-snapshot-")
	if err != nil {
		return err
	}
	gobDir, err := os.MkdirTemp(root, "incr-gob-")
	if err != nil {
		return err
	}
	st, err := snapshot.OpenObjects(snapDir)
	if err != nil {
		return err
	}
	slicePath := filepath.Join(gobDir, "state.gob.gz")
	mapPath := filepath.Join(gobDir, "series.gob.gz")

	fmt.Printf("incremental: state = []float64 of %d MiB (%d prices) + map[string][]float64 of %d series of %d prices (%s payload)\n",
		mib, n, len(m), seriesLength, mb(float64(mapBytes)))
	fmt.Printf("each round changes %d contiguous values (1 MiB) in the middle of the slice and then one map entry, in place, and stores each again\n", changedValues)

	// The first store: everything is new for both.
	var firstSnap, firstGob cost
	var sliceRef, mapRef snapshot.Ref
	var sliceBlocks, mapBlocks *snapshot.Blocks
	if err := timed(&firstSnap, func() (err error) {
		if sliceRef, sliceBlocks, err = putAsKernel(st, state, nil); err != nil {
			return err
		}
		mapRef, mapBlocks, err = putAsKernel(st, m, nil)
		return err
	}); err != nil {
		return err
	}
	if err := timed(&firstGob, func() error {
		if err := writeGob(slicePath, state, gzip.DefaultCompression); err != nil {
			return err
		}
		return writeGob(mapPath, m, gzip.DefaultCompression)
	}); err != nil {
		return err
	}
	snapSize, _, err := diskUsage(snapDir)
	if err != nil {
		return err
	}
	gobSize, _, err := diskUsage(gobDir)
	if err != nil {
		return err
	}
	payload := float64(sliceBytes + mapBytes)
	fmt.Printf("first store of slice + map (1 run): snapshot %.2f s (cpu %.2f s, %.1f MB/s), %s stored; gob+gzip %.2f s (cpu %.2f s, %.1f MB/s), %s stored\n",
		firstSnap.wall.Seconds(), firstSnap.cpu.Seconds(), payload/firstSnap.wall.Seconds()/1e6, mb(float64(snapSize)),
		firstGob.wall.Seconds(), firstGob.cpu.Seconds(), payload/firstGob.wall.Seconds()/1e6, mb(float64(gobSize)))

	var (
		sliceNew, sliceFiles, mapNew, mapFiles [2]samples // [0] snapshot, [1] gob+gzip
		sliceTime, mapTime, restoreTime        [2]timing
		encodeTime, compareTime                timing
		readAllTime, decodeTime                timing
	)
	// storeAgain stores v with contender k and records what that added.
	storeAgain := func(k int, v any, ref *snapshot.Ref, blocks **snapshot.Blocks, path string, added, files *[2]samples, took *[2]timing) error {
		dir := snapDir
		if k == 1 {
			dir = gobDir
		}
		sizeBefore, filesBefore, err := diskUsage(dir)
		if err != nil {
			return err
		}
		var c cost
		if k == 0 {
			err = timed(&c, func() (err error) { *ref, *blocks, err = putAsKernel(st, v, *blocks); return err })
		} else {
			// A rewrite: every byte of the new file is new.
			if err = os.Remove(path); err == nil {
				sizeBefore, filesBefore, err = diskUsage(dir)
			}
			if err == nil {
				err = timed(&c, func() error { return writeGob(path, v, gzip.DefaultCompression) })
			}
		}
		if err != nil {
			return err
		}
		sizeAfter, filesAfter, err := diskUsage(dir)
		if err != nil {
			return err
		}
		added[k] = append(added[k], float64(sizeAfter-sizeBefore))
		files[k] = append(files[k], float64(filesAfter-filesBefore))
		took[k].add(c)
		return nil
	}
	restore := func(k int) error {
		var v any
		var c cost
		err := timed(&c, func() (err error) {
			if k == 0 {
				v, err = getValue(st, sliceRef, reflect.TypeFor[[]float64]())
			} else {
				v, err = readGob(slicePath, new([]float64))
			}
			return err
		})
		if err != nil {
			return err
		}
		if got, ok := v.([]float64); !ok || !slices.Equal(got, state) {
			return fmt.Errorf("incremental: the restored slice differs from the state")
		}
		restoreTime[k].add(c)
		return nil
	}

	for round := range *rounds {
		// New values for the window, different each round, with the
		// prices' few decimals.
		mid := n/2 - changedValues/2
		for i := mid; i < mid+changedValues; i++ {
			state[i] = math.Round((state[i]*1.01+float64(round+1))*100) / 100
		}
		for _, k := range order(round) {
			if err := storeAgain(k, state, &sliceRef, &sliceBlocks, slicePath, &sliceNew, &sliceFiles, &sliceTime); err != nil {
				return err
			}
		}
		for i, x := range m[key] {
			m[key][i] = math.Round((x*1.01+float64(round+1))*100) / 100
		}
		for _, k := range order(round) {
			if err := storeAgain(k, m, &mapRef, &mapBlocks, mapPath, &mapNew, &mapFiles, &mapTime); err != nil {
				return err
			}
		}
		for _, k := range order(round) {
			if err := restore(k); err != nil {
				return err
			}
		}

		// Where the snapshot's store-again time goes: the walk alone, and the
		// walk into a BlockWriter that compares each block with the last store
		// (all unchanged here: the value was just stored).
		var c cost
		if err := timed(&c, func() error { return snapshot.Encode(io.Discard, reflect.ValueOf(state)) }); err != nil {
			return err
		}
		encodeTime.add(c)
		var bw *snapshot.BlockWriter
		if err := timed(&c, func() error {
			bw = snapshot.NewBlockWriter(sliceBlocks)
			return snapshot.Encode(bw, reflect.ValueOf(state))
		}); err != nil {
			return err
		}
		if bw.Changed() != 0 {
			return fmt.Errorf("incremental: %d bytes of an unchanged slice compare as changed", bw.Changed())
		}
		compareTime.add(c)

		// And where its restore time goes: ReadAll, then Decode.
		var data []byte
		if err := timed(&c, func() (err error) { data, err = st.ReadAll(sliceRef); return err }); err != nil {
			return err
		}
		readAllTime.add(c)
		var v reflect.Value
		if err := timed(&c, func() (err error) {
			t := reflect.TypeFor[[]float64]()
			v, err = snapshot.Decode(bytes.NewReader(data), t, snapshot.NewTypeResolver(t))
			return err
		}); err != nil {
			return err
		}
		decodeTime.add(c)
		if !slices.Equal(v.Interface().([]float64), state) {
			return fmt.Errorf("incremental: the decoded slice differs from the state")
		}
	}

	names := [2]string{"snapshot", "gob+gzip (rewrites the file)"}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "step\tcontender\tnew bytes stored\tnew files\ttime\tcpu time\ttarget (snapshot, on time)\t")
	for _, s := range []struct {
		step         string
		added, files [2]samples
		took         [2]timing
	}{
		{"store the slice again, 1 MiB changed", sliceNew, sliceFiles, sliceTime},
		{"store the map again, 1 entry changed", mapNew, mapFiles, mapTime},
	} {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t< 2 MiB and < 50 ms: %s, %s\t\n", s.step, names[0],
			s.added[0].bytes(), s.files[0].format("%.0f"), s.took[0].wall.duration(), s.took[0].cpu.duration(),
			verdict(s.added[0].median() < 2<<20), verdict(s.took[0].wall.median() < 0.050))
		fmt.Fprintf(tw, "\t%s\t%s\t%s\t%s\t%s\t\t\n", names[1],
			s.added[1].bytes(), s.files[1].format("%.0f"), s.took[1].wall.duration(), s.took[1].cpu.duration())
	}
	limit := 3.0 * float64(mib) / 1024 // the target is 3 s for 1 GiB
	fmt.Fprintf(tw, "restore the slice (%d MiB)\tsnapshot (ReadAll + Decode)\t\t\t%s\t%s\t< %.3g s: %s\t\n", mib,
		restoreTime[0].wall.duration(), restoreTime[0].cpu.duration(), limit, verdict(restoreTime[0].wall.median() < limit))
	fmt.Fprintf(tw, "\tgob+gzip\t\t\t%s\t%s\t\t\n", restoreTime[1].wall.duration(), restoreTime[1].cpu.duration())
	for _, part := range []struct {
		what, how string
		took      timing
	}{
		{"  parts of the snapshot's store again:", "Encode alone, to io.Discard", encodeTime},
		{"", "Encode into a BlockWriter, nothing changed", compareTime},
		{"  parts of the snapshot's restore:", "ReadAll alone", readAllTime},
		{"", "Decode alone, from a *bytes.Reader", decodeTime},
	} {
		fmt.Fprintf(tw, "%s\t%s\t\t\t%s\t%s\t\t\n", part.what, part.how, part.took.wall.duration(), part.took.cpu.duration())
	}
	tw.Flush()
	if mib != 1024 {
		fmt.Println("(the targets are for 1024 MiB; the restore target is scaled to this size, the others are not)")
	}
	fmt.Println()
	return nil
}

// order returns the order in which the two contenders of the incremental
// case go in round, alternating which is first.
func order(round int) []int {
	if round%2 == 0 {
		return []int{0, 1}
	}
	return []int{1, 0}
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

// kernelBlockThreshold is the size from which the kernel's snapshots store a value in
// fixed blocks (interp's blockThreshold): the store again below is the kernel's.
const kernelBlockThreshold = 8 << 20

// putAsKernel stores v as the kernel's snapshots do: a value of kernelBlockThreshold
// bytes or more in fixed blocks, compared block by block with its last store (prev),
// so that only the blocks a change touched are copied and written; a smaller one in
// content-defined chunks. It returns the value's Ref and its blocks, nil for a small
// value.
func putAsKernel(st *snapshot.ObjectStore, v any, prev *snapshot.Blocks) (snapshot.Ref, *snapshot.Blocks, error) {
	w := snapshot.NewBlockWriter(prev)
	if err := snapshot.Encode(w, reflect.ValueOf(v)); err != nil {
		return snapshot.Ref{}, nil, err
	}
	if prev == nil && w.Len() < kernelBlockThreshold {
		r, err := w.Reader()
		if err != nil {
			return snapshot.Ref{}, nil, err
		}
		ref, err := st.PutStream(r)
		return ref, nil, err
	}
	return st.PutBlocks(w)
}
