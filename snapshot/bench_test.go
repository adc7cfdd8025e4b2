package snapshot_test

import (
	"io"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/gokernel/gokernel/snapshot"
)

func benchmarkHash(b *testing.B, x any, size int64) {
	b.Helper()
	v := reflect.ValueOf(x)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := snapshot.Hash(v, snapshot.HashOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHashFloat64Slice(b *testing.B) {
	data := make([]float64, 2<<20) // 16 MiB
	for i := range data {
		data[i] = float64(i) / 7
	}
	benchmarkHash(b, data, int64(len(data))*8)
}

type entry struct {
	A int
	B float64
	C string
}

// size returns the bytes of data in e: its numbers and its string's bytes.
func (e entry) size() int64 { return 16 + int64(len(e.C)) }

func BenchmarkHashMapStringStruct(b *testing.B) {
	m := make(map[string]entry, 100_000)
	var size int64
	for i := range 100_000 {
		k := "key-" + strconv.Itoa(i)
		e := entry{A: i, B: float64(i) / 3, C: "value " + strconv.Itoa(i)}
		m[k] = e
		size += int64(len(k)) + e.size()
	}
	benchmarkHash(b, m, size)
}

func BenchmarkHashStructSlice(b *testing.B) {
	// Numbers only, without padding: hashed from memory in one write.
	b.Run("numbers", func(b *testing.B) {
		type sample struct {
			ID   int64
			X, Y float64
			N    int32
			Hits int32
		}
		data := make([]sample, 1<<20)
		for i := range data {
			data[i] = sample{ID: int64(i), X: float64(i), Y: -float64(i), N: int32(i), Hits: 1}
		}
		benchmarkHash(b, data, int64(len(data))*int64(unsafe.Sizeof(data[0])))
	})
	// With a string: walked element by element, the numbers of each as one span.
	b.Run("records", func(b *testing.B) {
		data := make([]entry, 1<<18)
		var size int64
		for i := range data {
			data[i] = entry{A: i, B: float64(i), C: "name " + strconv.Itoa(i)}
			size += data[i].size()
		}
		benchmarkHash(b, data, size)
	})
}

// A catalogSong is bench/snapshot's Song: metadata and a small embedding.
type catalogSong struct {
	Title     string
	Year      int
	Plays     int
	Rating    float64
	Embedding []float32
}

// catalog returns n songs keyed by random 22-character base-62 ids, made as
// bench/snapshot's workload (b) makes them (see songs in its data.go), and
// their payload: the keys' and titles' bytes and the numbers.
func catalog(n int) (map[string]catalogSong, int64) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	words := []string{"Love", "Night", "River", "Summer", "Heart", "Fire", "Blue", "Dream"}
	r := rand.New(rand.NewPCG(2, 2))
	m := make(map[string]catalogSong, n)
	var size int64
	id := make([]byte, 22)
	for len(m) < n {
		for i := range id {
			id[i] = alphabet[r.IntN(len(alphabet))]
		}
		var title []string
		for range 2 + r.IntN(3) {
			title = append(title, words[r.IntN(len(words))])
		}
		emb := make([]float32, 32)
		for i := range emb {
			emb[i] = float32(r.NormFloat64() / math.Sqrt(32))
		}
		s := catalogSong{
			Title:     strings.Join(title, " "),
			Year:      1960 + r.IntN(65),
			Plays:     int(math.Exp(8 + 2*r.NormFloat64())),
			Rating:    math.Round(10+40*r.Float64()) / 10,
			Embedding: emb,
		}
		key := string(id)
		if _, dup := m[key]; dup {
			continue
		}
		m[key] = s
		size += int64(len(key)) + int64(len(s.Title)) + 3*8 + 4*int64(len(s.Embedding))
	}
	return m, size
}

// streamWriter discards what it is written and, like a pipe, cannot take
// it back: Encode then finds the memory the value's views share first.
type streamWriter struct{}

func (streamWriter) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkEncodeMapOfStructs encodes bench/snapshot's map of songs: into
// io.Discard, the one walk that bench/snapshot reports as Encode alone and
// that a BlockWriter gets too, and into a writer that cannot take back what
// it was written, where a first pass finds the memory that the embeddings
// may share.
func BenchmarkEncodeMapOfStructs(b *testing.B) {
	m, size := catalog(200_000)
	v := reflect.ValueOf(m)
	for _, dst := range []struct {
		name string
		w    io.Writer
	}{{"Discard", io.Discard}, {"Stream", streamWriter{}}} {
		b.Run(dst.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				if err := snapshot.Encode(dst.w, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
