package snapshot

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// putBlocks stores data with a BlockWriter comparing against prev.
func putBlocks(t *testing.T, s *ObjectStore, data []byte, prev *Blocks, writes int) (Ref, *Blocks, int64) {
	t.Helper()
	w := NewBlockWriter(prev)
	// Written in uneven pieces, as a walk writes: partial blocks must join up.
	for len(data) > 0 {
		k := min(len(data), 1+len(data)/writes)
		w.Write(data[:k])
		data = data[k:]
	}
	changed := w.Changed()
	ref, next, err := s.PutBlocks(w)
	if err != nil {
		t.Fatal(err)
	}
	return ref, next, changed
}

func TestPutBlocksIncremental(t *testing.T) {
	s := blockTestObjects(t)
	rng := rand.New(rand.NewPCG(1, 2))
	data := make([]byte, 3*BlockSize+BlockSize/3)
	for i := range data {
		data[i] = byte(rng.IntN(7)) // compressible, not constant
	}
	ref, blocks, changed := putBlocks(t, s, data, nil, 5)
	if changed != int64(len(data)) || !ref.Chunked || blocks.Len() != int64(len(data)) {
		t.Fatalf("first store: changed %d of %d, ref %v", changed, len(data), ref)
	}
	check := func(ref Ref, want []byte) {
		t.Helper()
		got, err := s.ReadAll(ref)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("read back: %v, equal %v", err, bytes.Equal(got, want))
		}
	}
	check(ref, data)

	// One byte changed in the second block: that block alone is stored again.
	data[BlockSize+10] ^= 0xFF
	before := blockTestObjectCount(t, s)
	ref, blocks, changed = putBlocks(t, s, data, blocks, 3)
	if changed != BlockSize {
		t.Errorf("one byte changed: %d bytes of blocks to store, want one block (%d)", changed, BlockSize)
	}
	if added := blockTestObjectCount(t, s) - before; added != 2 {
		t.Errorf("%d new objects, want the changed block and the list", added)
	}
	check(ref, data)

	// Appended: the last block, partial before, and the new ones.
	data = append(data, bytes.Repeat([]byte("tail"), BlockSize/2)...)
	ref, blocks, changed = putBlocks(t, s, data, blocks, 7)
	if want := int64(len(data) - 3*BlockSize); changed != want {
		t.Errorf("after an append: %d bytes to store, want %d", changed, want)
	}
	check(ref, data)

	// Unchanged: nothing to store, the same ref.
	ref2, _, changed := putBlocks(t, s, data, blocks, 2)
	if changed != 0 || ref2 != ref {
		t.Errorf("unchanged: %d bytes to store, ref %v then %v", changed, ref, ref2)
	}

}

func TestBlockWriterReader(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), BlockSize/4)
	w := NewBlockWriter(nil)
	w.Write(data[:100])
	w.Write(data[100:])
	r, err := w.Reader()
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	if !bytes.Equal(got, data) {
		t.Error("Reader does not give back what was written")
	}
	_, blocks, _ := putBlocks(t, blockTestObjects(t), data, nil, 1)
	w = NewBlockWriter(blocks)
	w.Write(data)
	if _, err := w.Reader(); err == nil {
		t.Error("Reader of a writer that compared against an earlier value")
	}
}

func blockTestObjects(t *testing.T) *ObjectStore {
	t.Helper()
	s, err := OpenObjects(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func blockTestObjectCount(t *testing.T, s *ObjectStore) int {
	t.Helper()
	n := 0
	if err := s.Walk(func(ID, int64) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBlockWriterTruncate(t *testing.T) {
	data := bytes.Repeat([]byte("abcdefgh"), BlockSize/2) // two blocks
	for _, mid := range []int{10, BlockSize + 10} {       // rewound with the first block whole or not
		w := NewBlockWriter(nil)
		w.Write([]byte{9})
		w.Write(data[:mid])
		w.Truncate(1)
		w.Write(data)
		r, err := w.Reader()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r)
		if want := append([]byte{9}, data...); !bytes.Equal(got, want) || w.Len() != len(want) {
			t.Errorf("rewound after %d bytes: read back %d bytes, Len %d, want %d", mid, len(got), w.Len(), len(want))
		}
	}
}
