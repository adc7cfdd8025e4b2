package ann

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func sameResults(t *testing.T, what string, a, b Index, qs [][]float32) {
	t.Helper()
	for i, q := range qs {
		ra, rb := a.Search(q, 10), b.Search(q, 10)
		if !reflect.DeepEqual(ra, rb) {
			t.Fatalf("%s: query %d: results differ after round trip:\n%v\n%v", what, i, ra, rb)
		}
	}
}

func testIndexes(t *testing.T) (*HNSW, *Forest, [][]float32) {
	d := smallData(2000, 7)
	h := buildHNSW(t, d, HNSWConfig{Seed: 3})
	h.Delete(5) // deletion flags must survive the round trip
	f := buildForest(t, d, ForestConfig{Trees: 8, Seed: 3})
	var qs [][]float32
	for i := 0; i < d.NumTest(); i++ {
		qs = append(qs, d.TestRow(i))
	}
	return h, f, qs
}

func TestRoundTrip(t *testing.T) {
	h, f, qs := testIndexes(t)
	dir := t.TempDir()
	for _, idx := range []Index{h, f} {
		name := reflect.TypeOf(idx).Elem().Name()
		path := filepath.Join(dir, name+".ann")
		if err := Save(path, idx); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != idx.Len() || got.Dim() != idx.Dim() {
			t.Fatalf("%s: Len/Dim %d/%d, want %d/%d", name, got.Len(), got.Dim(), idx.Len(), idx.Dim())
		}
		sameResults(t, name+" Save/Load", idx, got, qs)

		b, err := idx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		fresh := reflect.New(reflect.TypeOf(idx).Elem()).Interface().(Index)
		if err := fresh.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		sameResults(t, name+" Marshal/Unmarshal", idx, fresh, qs)
		// Re-encoding the decoded index gives the same bytes.
		b2, _ := fresh.MarshalBinary()
		if !bytes.Equal(b, b2) {
			t.Errorf("%s: re-encoding differs", name)
		}
	}
	m, err := OpenForest(filepath.Join(dir, "Forest.ann"))
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, "OpenForest", f, m, qs)
	if err := m.Add(99999, qs[0]); err == nil {
		t.Error("Add to a mapped forest succeeded")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	// A loaded HNSW keeps accepting inserts, with the saved RNG state.
	h2, err := LoadHNSW(filepath.Join(dir, "HNSW.ann"))
	if err != nil {
		t.Fatal(err)
	}
	if err := h2.Add(5, qs[0]); err != nil {
		t.Fatalf("re-adding a deleted id after load: %v", err)
	}
	if err := h.Add(5, qs[0]); err != nil {
		t.Fatal(err)
	}
	b1, _ := h.MarshalBinary()
	b2, _ := h2.MarshalBinary()
	if !bytes.Equal(b1, b2) {
		t.Error("adding to a loaded index diverged from adding to the original")
	}
}

func TestCorruptAndTruncated(t *testing.T) {
	h, f, _ := testIndexes(t)
	for _, idx := range []Index{h, f} {
		name := reflect.TypeOf(idx).Elem().Name()
		good, _ := idx.MarshalBinary()
		fresh := func() Index { return reflect.New(reflect.TypeOf(idx).Elem()).Interface().(Index) }
		// Every truncation, at a spread of lengths including inside the
		// header, must be an ErrCorrupt error.
		for _, n := range []int{0, 1, 4, 31, 32, 33, 100, len(good) / 2, len(good) - 8, len(good) - 1} {
			err := fresh().UnmarshalBinary(good[:n])
			if !errors.Is(err, ErrCorrupt) {
				t.Errorf("%s truncated to %d bytes: got %v, want ErrCorrupt", name, n, err)
			}
		}
		// Flipping one bit anywhere is caught.
		for _, off := range []int{0, 5, 17, 25, 40, 200, len(good) / 3, len(good) - 1} {
			bad := bytes.Clone(good)
			bad[off] ^= 0x10
			if err := fresh().UnmarshalBinary(bad); err == nil {
				t.Errorf("%s with bit flipped at %d: no error", name, off)
			}
		}
		// Garbage with a valid checksum (a buggy writer, not disk rot)
		// must fail validation, not panic.
		for _, off := range []int{headerSize, headerSize + 4, headerSize + 20, headerSize + 64, len(good) - 4, len(good) - 40} {
			bad := bytes.Clone(good)
			binary.LittleEndian.PutUint32(bad[off:], 0xfffffff0)
			binary.LittleEndian.PutUint32(bad[24:], crc32.Checksum(bad[headerSize:], castagnoli))
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: panic on re-checksummed garbage at %d: %v", name, off, r)
					}
				}()
				fresh().UnmarshalBinary(bad)
			}()
		}
	}
	// On disk: a truncated file is a clear error from Load and OpenForest.
	dir := t.TempDir()
	path := filepath.Join(dir, "f.ann")
	good, _ := f.MarshalBinary()
	if err := os.WriteFile(path, good[:len(good)-100], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load of truncated file: %v", err)
	}
	if _, err := OpenForest(path); !errors.Is(err, ErrCorrupt) {
		t.Errorf("OpenForest of truncated file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
	if _, err := LoadHNSW(path); err == nil {
		t.Error("LoadHNSW of a forest file succeeded")
	}
}

// FuzzDecode checks that no input makes Decode panic.
func FuzzDecode(f *testing.F) {
	d := smallData(200, 8)
	h := buildHNSW(f, d, HNSWConfig{M: 4, Seed: 1})
	fo := buildForest(f, d, ForestConfig{Trees: 2, LeafSize: 10, Seed: 1})
	hb, _ := h.MarshalBinary()
	fb, _ := fo.MarshalBinary()
	f.Add(hb)
	f.Add(fb)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) >= headerSize {
			// Fix the checksum so the fuzzer reaches the validation.
			binary.LittleEndian.PutUint32(b[24:], crc32.Checksum(b[headerSize:], castagnoli))
		}
		idx, err := Decode(b)
		if err == nil {
			idx.Search(make([]float32, idx.Dim()), 3)
		}
	})
}
