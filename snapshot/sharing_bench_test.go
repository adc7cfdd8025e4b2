package snapshot_test

import (
	"bytes"
	"reflect"
	"strconv"
	"testing"

	"github.com/gokernel/gokernel/snapshot"
)

// Values whose walk is mostly references, where finding the memory they
// share costs the most.

type song struct {
	Title string
	Plays int
	Next  *song
}

// songs returns n songs, each pointing to the next, and an index of
// pointers to them by title: the pointers go into the slice's array.
func songs(n int) (list []song, byTitle map[string]*song, size int64) {
	list = make([]song, n)
	byTitle = make(map[string]*song, n)
	for i := range list {
		list[i] = song{Title: "song " + strconv.Itoa(i), Plays: i}
		if i > 0 {
			list[i-1].Next = &list[i]
		}
		byTitle[list[i].Title] = &list[i]
		size += int64(len(list[i].Title)) + 8
	}
	return list, byTitle, size
}

// pointerSlice returns n pointers to separate songs.
func pointerSlice(n int) ([]*song, int64) {
	s := make([]*song, n)
	var size int64
	for i := range s {
		s[i] = &song{Title: "song " + strconv.Itoa(i), Plays: i}
		size += int64(len(s[i].Title)) + 8
	}
	return s, size
}

type library struct {
	Songs   []song
	ByTitle map[string]*song
}

func benchmarkSharing(b *testing.B, x any, size int64) {
	v := reflect.ValueOf(x)
	var buf bytes.Buffer
	if err := snapshot.Encode(&buf, v); err != nil {
		b.Fatal(err)
	}
	enc := buf.Bytes()
	b.Run("Hash", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := snapshot.Hash(v, snapshot.HashOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Encode", func(b *testing.B) {
		var out bytes.Buffer
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			if err := snapshot.Encode(&out, v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Decode", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := snapshot.Decode(bytes.NewReader(enc), v.Type(), nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSharingPointerSlice walks separate pointers: no memory is shared
// but by identical references.
func BenchmarkSharingPointerSlice(b *testing.B) {
	s, size := pointerSlice(200_000)
	benchmarkSharing(b, s, size)
}

// BenchmarkSharingLinkedSongs walks a slice whose elements point into it.
func BenchmarkSharingLinkedSongs(b *testing.B) {
	list, _, size := songs(50_000) // as deep as the walk went before memory was shared by regions
	benchmarkSharing(b, list, size)
}

// BenchmarkSharingIndex walks a slice and a map of pointers into it.
func BenchmarkSharingIndex(b *testing.B) {
	list, byTitle, size := songs(200_000)
	for i := range list {
		list[i].Next = nil
	}
	benchmarkSharing(b, library{list, byTitle}, size)
}
