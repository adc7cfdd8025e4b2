package main

import (
	"bufio"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"

	"github.com/gokernel/gokernel/snapshot"
)

// A workload is a value to store and restore, and how to check a restored
// one. It is described without its value: the parent only prints its name,
// and each child builds the value (generate) from the same fixed seed.
type workload struct {
	key        string // its letter, how the parent names it to a child
	name, what string
	typ        reflect.Type
	newPtr     func() any // a pointer to a new zero value, for gob to decode into
	// generate builds the value and sets the fields below.
	generate func()
	value    any
	size     int64 // payload bytes
	check    func(restored any) error
}

func newWorkload[T any](key, name, what string, generate func() (T, int64), equal func(a, b T) bool) *workload {
	w := &workload{
		key: key, name: name, what: what,
		typ:    reflect.TypeFor[T](),
		newPtr: func() any { return new(T) },
	}
	w.generate = func() {
		v, size := generate()
		w.value, w.size = v, size
		w.check = func(restored any) error {
			if got, ok := restored.(T); !ok || !equal(v, got) {
				return fmt.Errorf("the restored %T differs from the value stored", restored)
			}
			return nil
		}
	}
	return w
}

// workloads returns workloads a, b and c at scale (-scale), not yet built.
func workloads(scale float64) []*workload {
	n := int(float64(32<<20) * scale)
	songCount := int(200_000 * scale)
	rows, dim := int(100_000*scale), 64
	return []*workload{
		newWorkload("a", "(a) []float64", fmt.Sprintf("%d prices: a random walk in cents, 30%% of ticks unchanged", n),
			func() ([]float64, int64) { return prices(rand.New(rand.NewPCG(1, 1)), n), 8 * int64(n) },
			slices.Equal),
		newWorkload("b", "(b) map[string]Song", fmt.Sprintf("%d songs: 22-byte ids, a title, 2 ints, a float64, 32 float32s", songCount),
			func() (map[string]Song, int64) { return songs(rand.New(rand.NewPCG(2, 2)), songCount) },
			func(a, b map[string]Song) bool { return maps.EqualFunc(a, b, Song.equal) }),
		newWorkload("c", "(c) [][]float32", fmt.Sprintf("%d x %d embeddings: unit vectors around 256 centroids", rows, dim),
			func() ([][]float32, int64) {
				return embeddings(rand.New(rand.NewPCG(3, 3)), rows, dim), 4 * int64(rows*dim)
			},
			func(a, b [][]float32) bool { return slices.EqualFunc(a, b, slices.Equal) }),
	}
}

// A contender is one way to store values.
type contender struct {
	name string
	// save stores v in the empty folder dir, durably, and returns the
	// function that restores it.
	save func(dir string, w *workload) (restore func() (any, error), err error)
}

// The contenders' names, which the parent passes to its children.
const (
	snapshotName = "snapshot"
	gobName      = "gob+gzip"
	gobFastName  = "gob+gzip BestSpeed"
)

// contenders returns the contenders of workloads a, b and c, the snapshot
// first and gob+gzip second (the targets compare those two), and gob+gzip at
// gzip.BestSpeed too when bestSpeed.
func contenders(bestSpeed bool) []contender {
	cs := []contender{snapshotContender(), gobContender(gobName, gzip.DefaultCompression)}
	if bestSpeed {
		cs = append(cs, gobContender(gobFastName, gzip.BestSpeed))
	}
	return cs
}

// snapshotContender stores values as the kernel does (putAsKernel) and
// restores them as a restore in a new worker does: OpenValue streamed into Decode.
func snapshotContender() contender {
	return contender{
		name: snapshotName,
		save: func(dir string, w *workload) (func() (any, error), error) {
			st, err := snapshot.OpenObjects(dir)
			if err != nil {
				return nil, err
			}
			ref, _, err := putAsKernel(st, w.value, nil)
			if err != nil {
				return nil, err
			}
			return func() (any, error) { return getValue(st, ref, w.typ) }, nil
		},
	}
}

// kernelBlockThreshold is the size from which the kernel's snapshots store a
// value in fixed blocks (interp's blockThreshold).
const kernelBlockThreshold = 8 << 20

// putAsKernel stores v as the kernel's snapshots do: the walk's encoding goes
// into a BlockWriter; a value of kernelBlockThreshold bytes or more is stored
// in fixed blocks (PutBlocks), compared block by block with its last store
// (prev), so that only the blocks a change touched are copied and written; a
// smaller one in content-defined chunks (PutStream), which other values
// share. It returns the value's Ref and its blocks, nil for a small value.
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

// getValue restores the value ref names, however putAsKernel stored it, as
// a value of type t, as a restore in a new worker does: the stored bytes
// streamed (OpenValue) into Decode, which reads numeric slices straight into
// their memory, so a large value is not held twice.
func getValue(st *snapshot.ObjectStore, ref snapshot.Ref, t reflect.Type) (any, error) {
	r, closer, err := st.OpenValue(ref)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	v, err := snapshot.Decode(r, t, snapshot.NewTypeResolver(t))
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
