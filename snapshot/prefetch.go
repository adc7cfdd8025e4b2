package snapshot

import (
	"reflect"
	"unsafe"
)

// Prefetching.
//
// The walk visits the entries of a map in the order of their keys, which is
// no order in memory: each entry's key and value, and the strings, arrays
// and values that they point to, lie in lines of memory that the caches do
// not hold. Waiting for each line in turn costs more than the rest of the
// walk of a map of small values, so the walk reads the lines of the entries
// it is about to visit ahead, in tight loops of reads that do not depend on
// one another, which the processor then waits for together.

// prefetchBatch is how many entries of a map are read ahead at a time.
const prefetchBatch = 64

// prefetchSpan bounds how many bytes from its start a string, array or value
// is read ahead: enough for the lines of a small value, and the start of a
// large one, after which the processor reads ahead by itself.
const prefetchSpan = 256

// A pointees lists where a value of some type holds references whose
// memory its walk reads: strings, slices and pointers, in the value or in
// structs within it.
type pointees []reference

type reference struct {
	offset uintptr      // of the reference in the value
	kind   reflect.Kind // String, Slice or Pointer
	size   uintptr      // of the values it points to; 1 for a string's bytes
}

// views returns how many of the references are slices and pointers, which
// the walk may take for views of memory.
func (r pointees) views() int {
	n := 0
	for _, ref := range r {
		if ref.kind != reflect.String {
			n++
		}
	}
	return n
}

func newPointees(t reflect.Type) pointees {
	var r pointees
	r.add(t, 0)
	return r
}

// add adds the references in a value of type t at offset in the value.
func (r *pointees) add(t reflect.Type, offset uintptr) {
	if isWrapper(t) || specialWalkFunc(t) != nil {
		return // walked through methods, which read what they will
	}
	switch t.Kind() {
	case reflect.String:
		*r = append(*r, reference{offset, reflect.String, 1})
	case reflect.Slice, reflect.Pointer:
		if size := t.Elem().Size(); size > 0 {
			*r = append(*r, reference{offset, t.Kind(), size})
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.Name != "_" { // the walk leaves blank fields out
				r.add(f.Type, offset+f.Offset)
			}
		}
	}
}

// target returns where the reference in the value at p points, and how
// many bytes there its walk reads; 0 when it points nowhere.
func (ref reference) target(p unsafe.Pointer) (unsafe.Pointer, uintptr) {
	q := unsafe.Add(p, ref.offset)
	switch ref.kind {
	case reflect.String:
		s := *(*string)(q)
		return unsafe.Pointer(unsafe.StringData(s)), uintptr(len(s))
	case reflect.Slice:
		s := *(*[]byte)(q) // the data pointer and length, whatever the elements
		return unsafe.Pointer(unsafe.SliceData(s)), uintptr(len(s)) * ref.size
	}
	ptr := *(*unsafe.Pointer)(q)
	if ptr == nil {
		return nil, 0
	}
	return ptr, ref.size
}

// read reads the memory that the value at p points to, and the slots of
// at where the views among it are looked up. Like all the reads ahead, it
// returns a sum of the bytes read, which the caller keeps lest the reads
// be left out.
func (r pointees) read(p unsafe.Pointer, at *addrTable) (sum byte) {
	for _, ref := range r {
		target, n := ref.target(p)
		sum += readLines(target, n)
		if ref.kind != reflect.String && target != nil {
			sum += at.prefetch(uintptr(target))
		}
	}
	return sum
}

// readRegions reads the regions of the views in the value at p that w
// knows.
func (r pointees) readRegions(p unsafe.Pointer, w *walker) (sum byte) {
	for _, ref := range r {
		if target, _ := ref.target(p); ref.kind != reflect.String && target != nil {
			sum += w.prefetchRegion(uintptr(target))
		}
	}
	return sum
}

// readLines reads a byte of each line of memory in the first prefetchSpan of
// the n bytes at p; none when n is 0, where p may point nowhere.
func readLines(p unsafe.Pointer, n uintptr) (sum byte) {
	if n == 0 || p == nil {
		return 0
	}
	n = min(n, prefetchSpan)
	for off := uintptr(0); off < n; off += 64 {
		sum += *(*byte)(unsafe.Add(p, off))
	}
	return sum + *(*byte)(unsafe.Add(p, n-1))
}

// An entryPrefetcher reads ahead the entries of a map in the order a map
// walk visits them, from the slices of their keys and values in iteration
// order: their keys and values first, then what those point to and the
// slots of the walk's addrTable where their views are looked up, then the
// regions of those views, each read needing the one before.
type entryPrefetcher struct {
	w                 *walker
	order             []keyRank
	keys, elems       unsafe.Pointer // the slices' arrays
	keySize, elemSize uintptr
	keyRefs, elemRefs pointees
	sum               byte
}

func newEntryPrefetcher(w *walker, m *mapWalk, order []keyRank, keys, elems reflect.Value) entryPrefetcher {
	return entryPrefetcher{
		w: w, order: order, keys: keys.UnsafePointer(), elems: elems.UnsafePointer(),
		keySize: uintptr(m.keySize), elemSize: m.elemSize, keyRefs: m.keyRefs, elemRefs: m.elemRefs,
	}
}

// reached is called as the walk reaches the k-th entry of the order. At the
// start of each batch, it reads the entries three batches on, what those
// two batches on point to, and the regions of the views of those one batch
// on.
func (e *entryPrefetcher) reached(k int) {
	const batch = prefetchBatch
	if k%batch != 0 {
		return
	}
	if k == 0 {
		e.readEntries(0, 3*batch)
		e.readReferences(0, 2*batch)
		e.readRegions(0, batch)
	}
	e.readEntries(k+3*batch, k+4*batch)
	e.readReferences(k+2*batch, k+3*batch)
	e.readRegions(k+batch, k+2*batch)
}

// entries returns the entries of order[lo:hi], cut to the order's length.
func (e *entryPrefetcher) entries(lo, hi int) []keyRank {
	return e.order[min(lo, len(e.order)):min(hi, len(e.order))]
}

func (e *entryPrefetcher) readEntries(lo, hi int) {
	for _, r := range e.entries(lo, hi) {
		i := uintptr(r.i)
		e.sum += readLines(unsafe.Add(e.keys, i*e.keySize), e.keySize)
		e.sum += readLines(unsafe.Add(e.elems, i*e.elemSize), e.elemSize)
	}
}

func (e *entryPrefetcher) readReferences(lo, hi int) {
	for _, r := range e.entries(lo, hi) {
		i := uintptr(r.i)
		e.sum += e.keyRefs.read(unsafe.Add(e.keys, i*e.keySize), &e.w.at)
		e.sum += e.elemRefs.read(unsafe.Add(e.elems, i*e.elemSize), &e.w.at)
	}
}

func (e *entryPrefetcher) readRegions(lo, hi int) {
	if !e.w.found {
		// Regions are made as the walk meets their views: those ahead
		// are yet to be made, unless they were met before.
		return
	}
	for _, r := range e.entries(lo, hi) {
		i := uintptr(r.i)
		e.sum += e.keyRefs.readRegions(unsafe.Add(e.keys, i*e.keySize), e.w)
		e.sum += e.elemRefs.readRegions(unsafe.Add(e.elems, i*e.elemSize), e.w)
	}
}
