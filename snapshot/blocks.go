package snapshot

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"runtime"
	"sync"

	"github.com/zeebo/xxh3"
)

// Large values that a notebook changes a little at a time (a cell updates a slice of
// a 1 GiB array, or appends to it) are stored in fixed-size blocks instead of
// content-defined chunks, so that the next snapshot of the value neither copies nor
// re-chunks what did not change: a BlockWriter receives the value's new encoding as
// it is walked, fingerprints each block with XXH3-128 (tens of GB/s) against the same
// block of the value's previous encoding, and keeps a copy of the blocks that differ
// alone. PutBlocks then stores those and a chunk list naming every block; the result
// reads back like any chunked value.
//
// A block is recognised as unchanged by its fingerprint: XXH3-128 is not
// cryptographic, so a value crafted to collide with its own previous contents could
// be stored wrong; values a notebook computes do not collide (2^-128 per block).

// BlockSize is the size of the blocks of a value stored with PutBlocks: the size of
// the largest content-defined chunks, so that 1 GiB is a list of 4,096 blocks.
const BlockSize = maxChunkSize

// Blocks describes a value stored in fixed-size blocks: what the next BlockWriter of
// the same value compares against. The zero Blocks describes no earlier value.
type Blocks struct {
	sums    []Sum
	ids     []ID
	lengths []int
}

// Len returns the length of the value, in bytes.
func (b *Blocks) Len() int64 {
	var n int64
	for _, l := range b.lengths {
		n += int64(l)
	}
	return n
}

// A BlockWriter takes the encoding of a value, in order, and keeps what PutBlocks
// needs: each block's fingerprint, and a copy of each block that differs from the
// value's previous encoding (prev). It is not safe for concurrent use.
type BlockWriter struct {
	prev    *Blocks
	sums    []Sum
	lengths []int
	changed map[int][]byte // copies of the blocks to store, by index, in blockBuffers
	partial []byte         // the block being filled
	first   []byte         // a copy of the first block, for Truncate, in a blockBuffer
	n       int64
}

// blockBuffers holds buffers of BlockSize bytes for the copies a BlockWriter
// keeps, reused from one snapshot to the next. A state of gigabytes keeps
// the garbage collector idle for long, so a fresh 512 KiB copy would be new
// memory from the system nearly every time, and on a virtual machine the
// first touch of new memory costs about as much as fingerprinting a hundred
// times as much: with fresh copies, storing 1 GiB again after a 1 MiB change
// took 8-29 ms longer than comparing it unchanged.
var blockBuffers = sync.Pool{New: func() any { b := make([]byte, 0, BlockSize); return &b }}

// copyBlock returns a copy of b, at most BlockSize bytes: a whole block's in a
// buffer of blockBuffers, a shorter one's (most values are small) in memory of
// its own size.
func copyBlock(b []byte) []byte {
	if len(b) < BlockSize {
		return append([]byte(nil), b...)
	}
	return append((*blockBuffers.Get().(*[]byte))[:0], b...)
}

// releaseBlock returns a copy made by copyBlock to blockBuffers, if it came
// from there.
func releaseBlock(b []byte) {
	if len(b) == BlockSize && cap(b) == BlockSize {
		blockBuffers.Put(&b)
	}
}

// NewBlockWriter returns a BlockWriter that compares against prev, which may be nil
// (every block is then new).
func NewBlockWriter(prev *Blocks) *BlockWriter {
	if prev == nil {
		prev = &Blocks{}
	}
	return &BlockWriter{prev: prev, changed: map[int][]byte{}}
}

// Write implements io.Writer. Blocks that arrive whole in p are fingerprinted where
// they lie, without a copy unless they changed.
func (w *BlockWriter) Write(p []byte) (int, error) {
	n := len(p)
	w.n += int64(n)
	if len(w.partial) > 0 {
		k := min(len(p), BlockSize-len(w.partial))
		w.partial = append(w.partial, p[:k]...)
		p = p[k:]
		if len(w.partial) == BlockSize {
			w.block(w.partial)
			w.partial = w.partial[:0]
		}
	}
	if whole := len(p) / BlockSize; whole >= parallelBlocks {
		// A large array written in one piece: its blocks are fingerprinted by
		// every processor at once, which reads memory faster than one.
		sums := fingerprints(p[:whole*BlockSize])
		for i, sum := range sums {
			w.record(p[i*BlockSize:(i+1)*BlockSize], sum)
		}
		p = p[whole*BlockSize:]
	}
	for len(p) >= BlockSize {
		w.block(p[:BlockSize])
		p = p[BlockSize:]
	}
	if len(p) > 0 {
		w.partial = append(w.partial, p...) // grows as needed: most values are small
	}
	return n, nil
}

// block records one block, and copies it when it changed: b may be the walked value's
// own memory, or the writer's buffer for a partial block, which it reuses.
func (w *BlockWriter) block(b []byte) {
	w.record(b, Sum(xxh3.Hash128(b).Bytes()))
}

// record records block b, whose fingerprint is sum.
func (w *BlockWriter) record(b []byte, sum Sum) {
	i := len(w.sums)
	if i == 0 {
		releaseBlock(w.first)
		w.first = copyBlock(b)
	}
	w.sums = append(w.sums, sum)
	w.lengths = append(w.lengths, len(b))
	if i < len(w.prev.sums) && w.prev.sums[i] == sum && w.prev.lengths[i] == len(b) {
		return
	}
	w.changed[i] = copyBlock(b)
}

// parallelBlocks is how many whole blocks a single write must hold for them to be
// fingerprinted in parallel: below, starting goroutines costs more than it saves.
const parallelBlocks = 64

// fingerprints returns the XXH3-128 of each BlockSize block of p, computed by one
// goroutine per processor, each taking every n-th block.
func fingerprints(p []byte) []Sum {
	sums := make([]Sum, len(p)/BlockSize)
	n := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for g := range n {
		wg.Go(func() {
			for i := g; i < len(sums); i += n {
				sums[i] = Sum(xxh3.Hash128(p[i*BlockSize : (i+1)*BlockSize]).Bytes())
			}
		})
	}
	wg.Wait()
	return sums
}

// Len returns the number of bytes written.
func (w *BlockWriter) Len() int { return int(w.n) }

// Truncate takes back what was written after the first n bytes, which must lie in
// the first block: Encode writes its format version, then walks the value, and walks
// it again from there when it finds memory shared in a way it must lay out first.
func (w *BlockWriter) Truncate(n int) {
	switch {
	case int64(n) > w.n || n > BlockSize:
		panic("snapshot: BlockWriter.Truncate beyond the first block")
	case len(w.sums) > 0:
		w.partial = append(w.partial[:0], w.first[:n]...)
	default:
		w.partial = w.partial[:n]
	}
	w.sums, w.lengths, w.n = w.sums[:0], w.lengths[:0], int64(n)
	w.releaseChanged()
}

// Changed returns how many bytes of blocks differ from the previous encoding: what
// PutBlocks will compress and store.
func (w *BlockWriter) Changed() int64 {
	w.finish()
	var n int64
	for _, b := range w.changed {
		n += int64(len(b))
	}
	return n
}

// Reader returns a reader of everything written, when nothing was compared against
// (NewBlockWriter(nil)): every block is then held. A small value is stored through
// PutStream instead of PutBlocks, in content-defined chunks that other values share.
func (w *BlockWriter) Reader() (io.Reader, error) {
	w.finish()
	readers := make([]io.Reader, len(w.sums))
	for i := range w.sums {
		b, ok := w.changed[i]
		if !ok {
			return nil, errors.New("snapshot: a BlockWriter compared against an earlier value holds only what changed")
		}
		readers[i] = bytes.NewReader(b)
	}
	return io.MultiReader(readers...), nil
}

// release gives the copies w keeps back to blockBuffers, once they are stored.
func (w *BlockWriter) release() {
	w.releaseChanged()
	releaseBlock(w.first)
	w.first = nil
}

// releaseChanged gives the copies of the changed blocks back to blockBuffers, at
// most keptBlocks of them: the first store of a large value changes every block,
// and the pool would keep a copy of all of it until the collector empties it.
func (w *BlockWriter) releaseChanged() {
	kept := 0
	for i, b := range w.changed {
		if kept < keptBlocks {
			releaseBlock(b)
			kept++
		}
		delete(w.changed, i)
	}
}

// keptBlocks is how many copies of changed blocks one store gives back for
// reuse: 32 MiB, more than a cell changes in a large value in the common case.
const keptBlocks = 64

// finish records the last, partial block.
func (w *BlockWriter) finish() {
	if len(w.partial) > 0 {
		w.block(w.partial)
		w.partial = nil
	}
}

// PutBlocks stores the value w received: the blocks that changed since the value's
// previous encoding, written as PutStream writes chunks, then a chunk list of every
// block. It returns the value's Ref and the Blocks the next BlockWriter of the value
// compares against.
//
// The unchanged blocks are named, not looked up (a thousand file lookups per GiB
// would cost more than the change): the objects of the previous value must still be
// stored. A caller knows they are when a manifest naming the previous value is still
// there, since garbage collection removes only objects no manifest reaches;
// otherwise it stores the value anew, with a BlockWriter that compares against
// nothing. PutBlocks takes w's copies of the changed blocks for reuse: w is
// spent.
func (s *ObjectStore) PutBlocks(w *BlockWriter) (Ref, *Blocks, error) {
	w.finish()
	next := &Blocks{sums: w.sums, lengths: w.lengths, ids: make([]ID, len(w.sums))}
	for i := range next.ids {
		if _, changed := w.changed[i]; !changed {
			next.ids[i] = w.prev.ids[i]
		}
	}
	// The IDs first, so that the chunk list is known before anything is written:
	// the blocks and the list are then written together, and their folders synced
	// once, which saves the list's own round of fsyncs.
	for i, data := range w.changed {
		next.ids[i] = ObjectID(data)
	}
	var list []byte
	if len(next.ids) > 1 {
		chunks := make([]chunk, len(next.ids))
		for i, id := range next.ids {
			chunks[i] = chunk{id: id, length: int64(next.lengths[i])}
		}
		list = encodeChunkList(chunks)
	}
	type write struct {
		id   ID
		data []byte
	}
	writes := make([]write, 0, len(w.changed)+1)
	for i, data := range w.changed {
		writes = append(writes, write{next.ids[i], data})
	}
	if list != nil {
		// The list may land before a block it names: until PutBlocks returns
		// and a manifest names the list, it is garbage no reader follows, and
		// after a crash meanwhile it stays garbage.
		writes = append(writes, write{ObjectID(list), list})
	}
	var (
		wg      sync.WaitGroup
		slots   = make(chan struct{}, putWorkers)
		mu      sync.Mutex
		failure error
		folders unsyncedFolders
	)
	for _, wr := range writes {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := s.putID(wr.id, wr.data, &folders); err != nil {
				mu.Lock()
				failure = cmp.Or(failure, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	w.release()
	if failure != nil {
		return Ref{}, nil, failure
	}
	if err := folders.sync(); err != nil {
		return Ref{}, nil, s.error(err)
	}
	switch len(next.ids) {
	case 0:
		id, err := s.Put(nil)
		return Ref{ID: id}, next, err
	case 1:
		return Ref{ID: next.ids[0]}, next, nil
	}
	return Ref{ID: writes[len(writes)-1].id, Chunked: true}, next, nil
}
