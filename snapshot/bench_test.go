package snapshot_test

import (
	"reflect"
	"strconv"
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
