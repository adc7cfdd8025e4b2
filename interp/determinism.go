package interp

import (
	"io/fs"
	mathrand "math/rand"
	randv2 "math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gokernel/gokernel/lineage"
)

// Determinism: what a cell draws from math/rand and math/rand/v2, and the files it
// reads, are the two inputs of an ordinary notebook that decide its results and that a
// replay can control or check. The top-level functions of both packages draw, in cells,
// from a source the worker seeds before every execution with the seed the kernel sends
// (derived from the notebook's seed and the cell's code, and recorded in the execution
// log), so the same cells give the same numbers in every session and in a replay. A
// cell that wants numbers nobody can repeat says so with its own rand.New(...) or with
// crypto/rand, which are left alone. The files a cell opens for reading through os.Open,
// os.OpenFile, os.ReadFile or ioutil.ReadFile (encoding/csv and bufio read through
// those) are recorded with the hash of their content, so that a replay that diverges
// can name the input that changed.
type determinism struct {
	mu sync.Mutex
	// v1 and v2 are the execution's sources; *mathrand.Rand and *randv2.Rand are not
	// safe for concurrent use, the package functions they stand for are: mu guards them.
	v1 *mathrand.Rand
	v2 *randv2.Rand
	// opened are the absolute paths the execution opened for reading, in order.
	opened []string
	// hashes caches file hashes by path, size and modification time, so that a cell
	// reading the same large file every time hashes it once.
	hashes map[fileStamp]string
}

// A fileStamp identifies the content of a file well enough to reuse its hash: the
// same path, size and modification time.
type fileStamp struct {
	path string
	size int64
	mod  time.Time
}

func newDeterminism() *determinism {
	d := &determinism{hashes: map[fileStamp]string{}}
	d.reseed(0)
	return d
}

// reseed starts an execution: its sources are seeded with seed and no file is
// recorded yet.
func (d *determinism) reseed(seed uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	// math/rand's own seeded source, so that a cell's rand.Intn draws what a program
	// calling rand.Seed(seed) drew before Go 1.24 made Seed a no-op.
	d.v1 = mathrand.New(mathrand.NewSource(int64(seed)))
	// ChaCha8, the generator behind math/rand/v2's top-level functions.
	var key [32]byte
	for i := range 4 {
		s := seed + uint64(i)*0x9e3779b97f4a7c15 // distinct words from one seed
		for j := range 8 {
			key[8*i+j] = byte(s >> (8 * j))
		}
	}
	d.v2 = randv2.New(randv2.NewChaCha8(key))
	d.opened = d.opened[:0]
}

// inputs returns the files the execution read, each with the hash of its content now
// (lineage.HashFile), or nil when it read none. A file that can no longer be read
// (removed since) is left out.
func (d *determinism) inputs() map[string]string {
	d.mu.Lock()
	paths := append([]string(nil), d.opened...)
	d.mu.Unlock()
	if len(paths) == 0 {
		return nil
	}
	out := make(map[string]string, len(paths))
	for _, p := range paths {
		if _, done := out[p]; done {
			continue
		}
		info, err := os.Stat(p)
		if err != nil || !info.Mode().IsRegular() {
			continue // a folder, a device or a pipe has no content to compare
		}
		stamp := fileStamp{p, info.Size(), info.ModTime()}
		h, ok := d.hashes[stamp]
		if !ok {
			if h, err = lineage.HashFile(p); err != nil {
				continue
			}
			d.hashes[stamp] = h
		}
		out[p] = h
	}
	return out
}

// opening records a file opened for reading.
func (d *determinism) opening(name string) {
	if abs, err := filepath.Abs(name); err == nil {
		name = abs
	}
	d.mu.Lock()
	d.opened = append(d.opened, name)
	d.mu.Unlock()
}

// v1call and v2call run f with the execution's source held.
func v1call[T any](d *determinism, f func(r *mathrand.Rand) T) T {
	d.mu.Lock()
	defer d.mu.Unlock()
	return f(d.v1)
}

func v2call[T any](d *determinism, f func(r *randv2.Rand) T) T {
	d.mu.Lock()
	defer d.mu.Unlock()
	return f(d.v2)
}

// exports are the symbols that replace the standard library's for cells: the
// top-level functions of math/rand and math/rand/v2, and the functions that open
// files. Their signatures are the standard library's, so the type-checker's view of
// the packages does not change.
func (d *determinism) exports() interp.Exports {
	return interp.Exports{
		"math/rand/rand": {
			"ExpFloat64":  reflect.ValueOf(func() float64 { return v1call(d, (*mathrand.Rand).ExpFloat64) }),
			"Float32":     reflect.ValueOf(func() float32 { return v1call(d, (*mathrand.Rand).Float32) }),
			"Float64":     reflect.ValueOf(func() float64 { return v1call(d, (*mathrand.Rand).Float64) }),
			"Int":         reflect.ValueOf(func() int { return v1call(d, (*mathrand.Rand).Int) }),
			"Int31":       reflect.ValueOf(func() int32 { return v1call(d, (*mathrand.Rand).Int31) }),
			"Int31n":      reflect.ValueOf(func(n int32) int32 { return v1call(d, func(r *mathrand.Rand) int32 { return r.Int31n(n) }) }),
			"Int63":       reflect.ValueOf(func() int64 { return v1call(d, (*mathrand.Rand).Int63) }),
			"Int63n":      reflect.ValueOf(func(n int64) int64 { return v1call(d, func(r *mathrand.Rand) int64 { return r.Int63n(n) }) }),
			"Intn":        reflect.ValueOf(func(n int) int { return v1call(d, func(r *mathrand.Rand) int { return r.Intn(n) }) }),
			"NormFloat64": reflect.ValueOf(func() float64 { return v1call(d, (*mathrand.Rand).NormFloat64) }),
			"Perm":        reflect.ValueOf(func(n int) []int { return v1call(d, func(r *mathrand.Rand) []int { return r.Perm(n) }) }),
			"Read": reflect.ValueOf(func(p []byte) (int, error) {
				d.mu.Lock()
				defer d.mu.Unlock()
				return d.v1.Read(p)
			}),
			// Seed reseeds the cell's source, as it did before Go 1.24: what a cell
			// calling rand.Seed(42) means.
			"Seed": reflect.ValueOf(func(seed int64) {
				d.mu.Lock()
				defer d.mu.Unlock()
				d.v1.Seed(seed)
			}),
			"Shuffle": reflect.ValueOf(func(n int, swap func(i, j int)) {
				// Not under the lock: swap is the cell's code, and may draw numbers.
				perm := v1call(d, func(r *mathrand.Rand) []int {
					var js []int
					r.Shuffle(n, func(i, j int) { js = append(js, i, j) })
					return js
				})
				for k := 0; k < len(perm); k += 2 {
					swap(perm[k], perm[k+1])
				}
			}),
			"Uint32": reflect.ValueOf(func() uint32 { return v1call(d, (*mathrand.Rand).Uint32) }),
			"Uint64": reflect.ValueOf(func() uint64 { return v1call(d, (*mathrand.Rand).Uint64) }),
		},
		"math/rand/v2/rand": {
			"ExpFloat64":  reflect.ValueOf(func() float64 { return v2call(d, (*randv2.Rand).ExpFloat64) }),
			"Float32":     reflect.ValueOf(func() float32 { return v2call(d, (*randv2.Rand).Float32) }),
			"Float64":     reflect.ValueOf(func() float64 { return v2call(d, (*randv2.Rand).Float64) }),
			"Int":         reflect.ValueOf(func() int { return v2call(d, (*randv2.Rand).Int) }),
			"Int32":       reflect.ValueOf(func() int32 { return v2call(d, (*randv2.Rand).Int32) }),
			"Int32N":      reflect.ValueOf(func(n int32) int32 { return v2call(d, func(r *randv2.Rand) int32 { return r.Int32N(n) }) }),
			"Int64":       reflect.ValueOf(func() int64 { return v2call(d, (*randv2.Rand).Int64) }),
			"Int64N":      reflect.ValueOf(func(n int64) int64 { return v2call(d, func(r *randv2.Rand) int64 { return r.Int64N(n) }) }),
			"IntN":        reflect.ValueOf(func(n int) int { return v2call(d, func(r *randv2.Rand) int { return r.IntN(n) }) }),
			"NormFloat64": reflect.ValueOf(func() float64 { return v2call(d, (*randv2.Rand).NormFloat64) }),
			"Perm":        reflect.ValueOf(func(n int) []int { return v2call(d, func(r *randv2.Rand) []int { return r.Perm(n) }) }),
			"Shuffle": reflect.ValueOf(func(n int, swap func(i, j int)) {
				perm := v2call(d, func(r *randv2.Rand) []int {
					var js []int
					r.Shuffle(n, func(i, j int) { js = append(js, i, j) })
					return js
				})
				for k := 0; k < len(perm); k += 2 {
					swap(perm[k], perm[k+1])
				}
			}),
			"Uint32":  reflect.ValueOf(func() uint32 { return v2call(d, (*randv2.Rand).Uint32) }),
			"Uint32N": reflect.ValueOf(func(n uint32) uint32 { return v2call(d, func(r *randv2.Rand) uint32 { return r.Uint32N(n) }) }),
			"Uint64":  reflect.ValueOf(func() uint64 { return v2call(d, (*randv2.Rand).Uint64) }),
			"Uint64N": reflect.ValueOf(func(n uint64) uint64 { return v2call(d, func(r *randv2.Rand) uint64 { return r.Uint64N(n) }) }),
			"UintN":   reflect.ValueOf(func(n uint) uint { return v2call(d, func(r *randv2.Rand) uint { return r.UintN(n) }) }),
		},
		"os/os": {
			"Open": reflect.ValueOf(func(name string) (*os.File, error) {
				d.opening(name)
				return os.Open(name)
			}),
			"OpenFile": reflect.ValueOf(func(name string, flag int, perm fs.FileMode) (*os.File, error) {
				if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
					d.opening(name)
				}
				return os.OpenFile(name, flag, perm)
			}),
			"ReadFile": reflect.ValueOf(func(name string) ([]byte, error) {
				d.opening(name)
				return os.ReadFile(name)
			}),
		},
		"io/ioutil/ioutil": {
			"ReadFile": reflect.ValueOf(func(name string) ([]byte, error) {
				d.opening(name)
				return os.ReadFile(name)
			}),
		},
	}
}
