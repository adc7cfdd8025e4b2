package snapshot

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// The walk visits a value and writes its encoding, which depends on the
// value's contents and on which of its references are nil or share memory,
// not on where it lies in memory or in which order its maps were filled.
// Integers are little-endian, lengths, indexes and offsets are unsigned
// varints (encoding/binary), and each value is encoded according to its type:
//
//	bool                    1 byte, 0 or 1
//	integers                1, 2, 4 or 8 bytes as the type's size; int and uint take 8
//	float32, float64        IEEE 754 bits, 4 or 8 bytes
//	complex64, complex128   real part, then imaginary part
//	string                  length, then the bytes
//	array                   the elements in order
//	struct                  the fields in order, unexported ones included, blank ones left out
//	pointer, slice          tagNil, or a view of a region of memory (below)
//	map                     tagNil, or tagRef and the index of its first visit, or tagValue, the length,
//	                        then each key and its value, in the order of the keys' own encodings
//	                        (keys that encode alike: in the order of their values' encodings)
//	interface               tagNil, or tagValue, the dynamic type and the value
//	  type                  kind byte, reflect.Type.String() and PkgPath() as strings
//	func, chan,             tagNil; any other value cannot be walked
//	unsafe.Pointer
//	time.Time               int64 Unix seconds, uint32 nanoseconds, location name, int32 zone offset
//	time.Location           name
//	self-encoding types     the bytes of MarshalBinary, or of GobEncode (math/big), as a string
//	registered wrappers     as an interface holding the wrapped value (see RegisterWrapper)
//
// The root is encoded as an interface holding it, so its type is part of
// the encoding.
//
// Pointers and slices are views of memory, and the encoding keeps which
// memory they share, however they share it: a slice and its sub-slices, a
// pointer to an element of a slice, to a field of a struct another pointer
// reaches, to an element of an array inside one. The memory each pointer
// reaches (the value it points to) and each slice reaches (its array, up to
// its capacity) is found, by a first pass (see walkFound) or by a walk that
// takes each for a region of its own and checks that none overlap (see
// walkHopeful); memory that overlaps makes one region. A region is laid out as an array of one element
// type, that of one of its views, the view whose type holds every other
// view's at its offset (a field, an element, or a run of elements of exactly
// the view's type); a slice's array is widened to span the region. When
// several could, the largest element type is taken, then the first by
// String() and PkgPath(). Views whose types no one layout holds (which only
// unsafe conversions make) cannot be walked. The region's content is its
// elements up to the last one that a view reaches within its length (a
// pointer: the whole value it points to); the rest of its capacity is not
// encoded and decodes as zero values. A view is encoded as:
//
//	tagRef                  a region visited before: its index, then the view
//	tagValue                a new region that is exactly the value a pointer points to: that value;
//	                        or exactly a slice's array, up to its capacity, with content up to its length:
//	                        the length, the capacity, then the elements
//	tagRegion               any other new region, of the view's element type: the number of
//	                        content elements, the number of elements, the view, then the content
//	tagRegionOf             the same with another element type, encoded after the tag as an
//	                        interface's dynamic type is
//	  view of a pointer     its byte offset in the region
//	  view of a slice       its byte offset in the region, its length, its capacity
//
// Counts are written whole, not as differences, so that the content of a
// large slice stays at the same offset in the encoding when an append
// reallocates it: stores that keep encodings in fixed blocks then write
// only the blocks at its end.
//
// A pointer or slice that reaches no memory (a slice of capacity 0, or of
// values of size 0, a pointer to a value of size 0) and a *time.Location
// (known by its name) are not views of a region: they are encoded as maps
// are, tagValue and the value (a slice: its length, capacity, elements) on
// their first visit, and are the same when their address, type, length
// and capacity are. Each region, map and such reference gets the next index
// on its first visit, numbered from 0 in walk order: sharing and cycles are
// kept.
//
// A uintptr, and a non-nil func, chan or unsafe.Pointer, stop the walk with
// an *UnhashableError: they stand for code, goroutines or raw addresses,
// which cannot be compared or restored.

// Tags open the encoding of values that can be nil or shared.
const (
	tagNil      = 0 // nil pointer, slice, map, interface, func, chan or unsafe.Pointer
	tagRef      = 1 // a region or reference visited before; its index follows
	tagValue    = 2 // a first visit, or a non-nil interface
	tagRegion   = 3 // a new region of the view's element type
	tagRegionOf = 4 // a new region of another element type, which follows
)

// flushSize is how many bytes the walker gathers before handing them to its
// destination: hashers and compressors run fastest on large writes.
const flushSize = 32 << 10

// maxDepth bounds how many references deep a walk goes. Every level costs
// goroutine stack, and a goroutine whose stack outgrows the runtime's limit
// ends the process, unrecoverably; a longer linked list is reported as
// unwalkable instead.
const maxDepth = 100_000

// littleEndian reports whether the host stores numbers as the encoding does,
// so that their memory can be copied as it is.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// ErrOverBudget is returned when a walk produces more bytes than its budget.
var ErrOverBudget = errors.New("snapshot: value exceeds the walk budget")

// errOverlap stops a walk that takes the memory of each view for a region
// of its own (see walkHopeful) when it meets a view of memory already seen
// as another view: the value is then walked again, its regions found first.
var errOverlap = errors.New("snapshot: views of memory overlap")

// An UnhashableError reports a value that cannot be walked: a func, a
// channel, an unsafe.Pointer or a uintptr, references sharing memory in a
// way no type lays out, or a value whose walk panicked. A value holding one
// can be neither hashed nor stored, only recomputed.
type UnhashableError struct {
	// Path leads from the root to the value in Go syntax, with the root
	// left out: ".f[3]", `["key"]`, or "" for the root itself. Callers that
	// know the root's name put it in front.
	Path   string
	Type   string // the value's type
	Reason string // why it cannot be walked
}

func (e *UnhashableError) Error() string {
	where := e.Path
	if where == "" {
		where = "the value"
	}
	return fmt.Sprintf("snapshot: cannot walk %s (%s): %s", where, e.Type, e.Reason)
}

// A walkError carries an error from deep in the walk up to walk, which
// returns it. Panicking keeps the many small walk functions free of error
// plumbing, as in encoding/gob and encoding/json.
type walkError struct{ err error }

// A walker holds the state of one walk.
type walker struct {
	buf      []byte
	dst      io.Writer // receives buf as it fills; nil while map keys are encoded for sorting
	produced int64     // bytes handed to dst or encoded as sort keys
	emitted  int64     // bytes handed to dst
	budget   int64     // limit on produced; 0 means none
	depth    int
	tooDeep  bool // the walk stopped nesting more than maxDepth deep
	path     []step
	slack    uint64 // bytes of the regions visited beyond their content
	readSum  byte   // of the bytes read ahead (see entryPrefetcher), kept lest the reads be left out
	// structural names types as a hash does (hashtype.go), set when dst is a
	// structuralWriter.
	structural bool
	// named, when set, says whether the decoding side can resolve a dynamic
	// type the walk names (see EncodeFor).
	named func(reflect.Type) bool
	refState
}

// A refState is what a walk knows of the regions and references it has
// visited. Map keys and values encoded on their own, for sorting, get a
// state of their own.
type refState struct {
	refs    map[ref]int // maps, and pointers and slices that reach no region
	next    int         // the index the next region or reference gets
	regions chunkList[region]
	// at maps the address of the start of each view to its region, or
	// when spanRegion is set to its first span, whose region spanRegion
	// gives.
	at         addrTable
	spanRegion []int32
	// found is set when the regions were found before the walk, with why
	// the views of some of them cannot be walked. Otherwise each view's
	// memory is taken for a region of its own, found as the walk meets it,
	// and large is the largest of those regions of several values.
	found    bool
	unfit    map[int32]string
	large    [8]extent
	nonEmpty int // entries of large in use
	// sorting is set when a map key or value is encoded on its own: a view
	// whose memory overlaps a region's takes a region of its own.
	sorting bool
}

func newRefState() refState {
	return refState{refs: make(map[ref]int)}
}

// reset forgets all, before each map key is encoded on its own: most keys
// hold no references, so there is mostly nothing to clear.
func (s *refState) reset() {
	if s.next > 0 {
		clear(s.refs)
		s.at.clear()
		s.regions.reset()
		s.next = 0
	}
}

// A ref identifies a map, or a pointer or slice that reaches no region. A
// struct and its first field share an address, hence the type; two slices
// of one array can share their first element, hence the length and
// capacity.
type ref struct {
	addr     unsafe.Pointer
	typ      reflect.Type
	len, cap int
}

// A step leads from a value to one of its parts. The walker keeps the steps
// from the root to the value it is visiting so that an error can say where
// that value is.
type step struct {
	field *fieldWalk    // a struct field
	key   reflect.Value // a map entry's key
	index int           // an array or slice element's index, when field and key are unset
	elem  reflect.Type  // the part's type, unless it is a field
}

// typ returns the type of the part the step leads to.
func (s step) typ() reflect.Type {
	if s.field != nil {
		return s.field.typ
	}
	return s.elem
}

// walk writes the encoding of v to dst. It stops with ErrOverBudget once
// more than budget bytes are produced (0: no limit), with an
// *UnhashableError for a value it cannot walk, or with dst's error.
func walk(dst io.Writer, v reflect.Value, budget int64) error {
	_, err := walkFound(dst, v, budget, nil)
	return err
}

// walkFound finds the regions of v, then walks it: the walk for writers
// that cannot take back what they were written. The first pass counts
// against the budget too, a unit for each view and each value searched.
func walkFound(dst io.Writer, v reflect.Value, budget int64, named func(reflect.Type) bool) (*walker, error) {
	c := collector{budget: budget}
	regions, spanRegion, err := c.find(v)
	if err != nil {
		return nil, err
	}
	w := newWalker(dst, budget)
	w.named = named
	w.regions, w.at, w.spanRegion, w.found, w.unfit = regions, c.seen, spanRegion, true, c.unfit
	return w, w.run(v)
}

// walkHopeful writes the encoding of v to dst in one pass when it can: it
// takes the memory of each view for a region of its own, and checks at the
// end that none overlapped. Most values share memory only through identical
// views, if at all, and are walked once. When views did overlap, it calls
// reset, which must take back what dst was written, and walks v again with
// its regions found first. A walk over budget is retried so too when the
// views seen so far overlapped, as the encoding keeping their sharing may
// be shorter, and so is a walk that went too deep: pointers to the elements
// of a slice, walked before it, nest as deep as the elements go, and not at
// all once they are known to be the slice's.
func walkHopeful(dst io.Writer, reset func(), v reflect.Value, budget int64, named func(reflect.Type) bool) (*walker, error) {
	w := newWalker(dst, budget)
	w.named = named
	err := w.run(v)
	switch {
	case err == nil || errors.Is(err, ErrOverBudget):
		if !w.overlapping() {
			return w, err
		}
	case !errors.Is(err, errOverlap) && !w.tooDeep:
		return w, err
	}
	reset()
	return walkFound(dst, v, budget, named)
}

func newWalker(dst io.Writer, budget int64) *walker {
	_, structural := dst.(structuralWriter)
	return &walker{dst: dst, budget: budget, refState: newRefState(), structural: structural}
}

// A structuralWriter is a destination that asks the walk to name types by their
// structure, as a hash does (see hashTypeName).
type structuralWriter interface {
	io.Writer
	structuralTypes()
}

// run writes the encoding of v, the root.
func (w *walker) run(v reflect.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = w.recovered(r, v)
		}
	}()
	if v.IsValid() {
		w.walkDynamic(v)
	} else {
		w.writeByte(tagNil)
	}
	w.flush()
	return nil
}

// overlapping reports whether the memory of two regions overlaps, when
// each view's memory was taken for a region of its own.
func (w *walker) overlapping() bool {
	if w.regions.n < 2 {
		return false
	}
	extents := make([]extent, w.regions.n)
	for i := range extents {
		r := w.regions.at(i)
		extents[i] = extent{uintptr(r.start), uintptr(r.start) + r.n*r.elem.Size(), int32(i)}
	}
	extents = sortExtents(extents)
	for i := 1; i < len(extents); i++ {
		// Were a region to overlap a later one but not the next, it
		// would overlap the next too.
		if extents[i].start < extents[i-1].end {
			return true
		}
	}
	return false
}

// recovered turns a panic of the walk into its error. Panics other than a
// walkError come from reflect on memory shaped unlike its type, or from
// methods of the walked value such as MarshalBinary; they make the value
// unwalkable rather than end the session.
func (w *walker) recovered(r any, root reflect.Value) error {
	if e, ok := r.(walkError); ok {
		return e.err
	}
	var typ reflect.Type
	if len(w.path) > 0 {
		typ = w.path[len(w.path)-1].typ()
	} else if root.IsValid() {
		typ = root.Type()
	}
	return &UnhashableError{Path: w.pathString(), Type: fmt.Sprint(typ), Reason: fmt.Sprint("walk panicked: ", r)}
}

func (w *walker) fail(t reflect.Type, reason string) {
	panic(walkError{&UnhashableError{Path: w.pathString(), Type: t.String(), Reason: reason}})
}

func (w *walker) pathString() string {
	var b strings.Builder
	for _, s := range w.path {
		switch {
		case s.field != nil:
			b.WriteString("." + s.field.name)
		case s.key.IsValid():
			fmt.Fprintf(&b, "[%#v]", s.key)
		default:
			fmt.Fprintf(&b, "[%d]", s.index)
		}
	}
	return b.String()
}

// push appends s to the path and returns its position, which the caller
// updates in place as it moves from part to part.
func (w *walker) push(s step) int {
	w.path = append(w.path, s)
	return len(w.path) - 1
}

func (w *walker) pop() { w.path = w.path[:len(w.path)-1] }

// enter starts the visit of a non-nil map, or pointer or slice that reaches
// no region. On a first visit it writes tagValue and reports true: the
// caller writes the body, then calls leave. Otherwise it writes the
// back-reference and reports false.
func (w *walker) enter(r ref) bool {
	if i, seen := w.refs[r]; seen {
		w.writeByte(tagRef)
		w.writeUvarint(uint64(i))
		return false
	}
	w.deeper(r.typ)
	w.refs[r] = w.next
	w.next++
	w.writeByte(tagValue)
	return true
}

// deeper counts a first visit, whose body is walked before the walk
// leaves it.
func (w *walker) deeper(t reflect.Type) {
	if w.depth == maxDepth {
		w.tooDeep = true
		w.fail(t, fmt.Sprintf("nested more than %d references deep", maxDepth))
	}
	w.depth++
}

func (w *walker) leave() { w.depth-- }

func (w *walker) writeByte(b byte) {
	w.buf = append(w.buf, b)
	w.flushIfFull()
}

func (w *walker) writeUvarint(x uint64) {
	w.buf = binary.AppendUvarint(w.buf, x)
	w.flushIfFull()
}

// writeUint writes the size low bytes of x.
func (w *walker) writeUint(x uint64, size int) {
	switch size {
	case 1:
		w.buf = append(w.buf, byte(x))
	case 2:
		w.buf = binary.LittleEndian.AppendUint16(w.buf, uint16(x))
	case 4:
		w.buf = binary.LittleEndian.AppendUint32(w.buf, uint32(x))
	default:
		w.buf = binary.LittleEndian.AppendUint64(w.buf, x)
	}
	w.flushIfFull()
}

func (w *walker) writeString(s string) {
	w.writeUvarint(uint64(len(s)))
	w.write(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// write writes p, which may be the memory of a large slice: p goes to dst
// without a copy when it is at least flushSize long.
func (w *walker) write(p []byte) {
	if len(p) < flushSize || w.dst == nil {
		w.buf = append(w.buf, p...)
		w.flushIfFull()
		return
	}
	w.flush()
	w.emit(p)
}

func (w *walker) flushIfFull() {
	if len(w.buf) >= flushSize && w.dst != nil {
		w.flush()
	}
}

func (w *walker) flush() {
	w.emit(w.buf)
	w.buf = w.buf[:0]
}

func (w *walker) emit(p []byte) {
	w.spend(len(p))
	w.emitted += int64(len(p))
	if _, err := w.dst.Write(p); err != nil {
		panic(walkError{err})
	}
}

func (w *walker) spend(n int) {
	w.produced += int64(n)
	if w.budget > 0 && w.produced > w.budget {
		panic(walkError{ErrOverBudget})
	}
}

// walkDynamic writes v as the value of a non-nil interface: its type, then
// the value itself.
func (w *walker) walkDynamic(v reflect.Value) {
	t := v.Type()
	if w.named != nil && !w.named(t) {
		w.fail(t, "a value of this type is held only through an interface, and the type is not exported by its package: a new process cannot name it to decode it")
	}
	w.writeByte(tagValue)
	w.writeType(t)
	walkFuncFor(t)(w, v)
}

// writeType writes the description of t that names it to a TypeResolver.
func (w *walker) writeType(t reflect.Type) {
	w.writeByte(byte(t.Kind()))
	if w.structural {
		w.writeString(hashTypeName(t))
		return
	}
	w.writeString(t.String())
	w.writeString(t.PkgPath())
}

// A walkFunc writes the encoding of v, a value of the type it was made for.
type walkFunc func(w *walker, v reflect.Value)

var walkFuncs sync.Map // map[reflect.Type]walkFunc

// walkFuncFor returns the walkFunc of type t, making it on first use.
func walkFuncFor(t reflect.Type) walkFunc {
	if f, ok := walkFuncs.Load(t); ok {
		return f.(walkFunc)
	}
	f, _ := walkFuncs.LoadOrStore(t, newWalkFunc(t))
	return f.(walkFunc)
}

// newWalkFunc makes the walkFunc of t. It looks no deeper into t than
// arrays and struct fields, which cannot contain their own type; pointers,
// slices and maps find the walkFunc of their elements when they are walked,
// which is how recursive types are walked without recursing here.
func newWalkFunc(t reflect.Type) walkFunc {
	if f := wrapperWalkFunc(t); f != nil {
		return f
	}
	if f := specialWalkFunc(t); f != nil {
		return f
	}
	if rawLayout(t) {
		return walkRaw
	}
	switch t.Kind() {
	case reflect.String:
		return walkString
	case reflect.Array:
		return walkArray
	case reflect.Slice:
		return sliceWalk{elem: t.Elem()}.walk
	case reflect.Struct:
		return newStructWalk(t).walk
	case reflect.Map:
		return mapWalkFor(t).walk
	case reflect.Pointer:
		return walkPointer
	case reflect.Interface:
		return walkInterface
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return walkNilOnly
	case reflect.Uintptr:
		return walkUintptr
	}
	// Booleans and numbers on hosts where rawLayout does not hold.
	return walkNumber
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	locationType        = reflect.TypeFor[time.Location]()
	binaryMarshalerType = reflect.TypeFor[encoding.BinaryMarshaler]()
	gobEncoderType      = reflect.TypeFor[gobEncoder]()
)

// A gobEncoder encodes itself for encoding/gob, as math/big's Int, Float
// and Rat do in place of encoding.BinaryMarshaler.
type gobEncoder interface {
	GobEncode() ([]byte, error)
}

// specialWalkFunc returns the walkFunc of a type whose memory is not what a
// program observes of it, or nil. A time.Time holds a monotonic clock
// reading that only its process can use; a time.Location holds a cache that
// depends on when it was loaded (and time.Local is filled in on first use),
// so it is known by its name; a compiled type that encodes itself knows
// better than its fields which of them matter. Types declared in cells have
// no methods in reflect, so they are always walked field by field.
func specialWalkFunc(t reflect.Type) walkFunc {
	switch {
	case t.Kind() == reflect.Struct && t.ConvertibleTo(timeType):
		return walkTime
	case t == locationType:
		return walkLocation
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface:
		// Walked to the value they hold, which may encode itself.
		return nil
	case encodesItself(t):
		return selfEncodingWalk{viaAddr: false}.walk
	case encodesItself(reflect.PointerTo(t)):
		return selfEncodingWalk{viaAddr: true}.walk
	}
	return nil
}

func encodesItself(t reflect.Type) bool {
	return t.Implements(binaryMarshalerType) || t.Implements(gobEncoderType)
}

// numberSize returns how many bytes the encoding of a value of kind k
// takes, or 0 if k is not a boolean or number kind.
func numberSize(k reflect.Kind) uintptr {
	switch k {
	case reflect.Bool, reflect.Int8, reflect.Uint8:
		return 1
	case reflect.Int16, reflect.Uint16:
		return 2
	case reflect.Int32, reflect.Uint32, reflect.Float32:
		return 4
	case reflect.Int, reflect.Uint, reflect.Int64, reflect.Uint64, reflect.Float64, reflect.Complex64:
		return 8
	case reflect.Complex128:
		return 16
	}
	return 0
}

// rawLayout reports whether values of t lie in memory exactly as they are
// encoded, so that the walk copies their memory in one write instead of
// visiting them: booleans and numbers on a little-endian host (int and uint
// where they take 8 bytes), and arrays and structs made only of those,
// without padding or blank fields.
func rawLayout(t reflect.Type) bool {
	if !littleEndian || specialWalkFunc(t) != nil {
		return false
	}
	switch t.Kind() {
	case reflect.Array:
		return rawLayout(t.Elem())
	case reflect.Struct:
		var size uintptr
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Name == "_" || !rawLayout(f.Type) {
				return false
			}
			size += f.Type.Size()
		}
		return size == t.Size()
	}
	return t.Size() == numberSize(t.Kind())
}

// refFree reports whether the encoding of a value of t never holds a
// reference, so that the value encodes the same on its own as within a walk.
func refFree(t reflect.Type) bool {
	if specialWalkFunc(t) != nil {
		return true
	}
	switch t.Kind() {
	case reflect.String:
		return true
	case reflect.Array:
		return refFree(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.Name != "_" && !refFree(f.Type) {
				return false
			}
		}
		return true
	}
	return numberSize(t.Kind()) > 0
}

// addressable returns v if it has an address, or else a copy that has one.
// The walk reads through addresses: to copy memory out, and to read
// unexported fields without the read-only flag reflect gives them.
func addressable(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v
	}
	c := reflect.New(v.Type()).Elem()
	c.Set(v)
	return c
}

func walkRaw(w *walker, v reflect.Value) {
	v = addressable(v)
	w.write(unsafe.Slice((*byte)(unsafe.Pointer(v.UnsafeAddr())), v.Type().Size()))
}

// walkNumber encodes a boolean or number through reflect, on hosts where
// its memory is not its encoding: big-endian ones, and 32-bit ones for int
// and uint. (Converting a float32 to float64 and back may set the quiet bit
// of a signalling NaN there.)
func walkNumber(w *walker, v reflect.Value) {
	size := int(numberSize(v.Kind()))
	switch v.Kind() {
	case reflect.Bool:
		var b uint64
		if v.Bool() {
			b = 1
		}
		w.writeUint(b, size)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.writeUint(uint64(v.Int()), size)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		w.writeUint(v.Uint(), size)
	case reflect.Float32:
		w.writeUint(uint64(math.Float32bits(float32(v.Float()))), size)
	case reflect.Float64:
		w.writeUint(math.Float64bits(v.Float()), size)
	case reflect.Complex64:
		c := v.Complex()
		w.writeUint(uint64(math.Float32bits(float32(real(c)))), 4)
		w.writeUint(uint64(math.Float32bits(float32(imag(c)))), 4)
	case reflect.Complex128:
		c := v.Complex()
		w.writeUint(math.Float64bits(real(c)), 8)
		w.writeUint(math.Float64bits(imag(c)), 8)
	}
}

func walkString(w *walker, v reflect.Value) { w.writeString(v.String()) }

func walkArray(w *walker, v reflect.Value) {
	v = addressable(v)
	w.walkElems(v, v.Len(), v.Type().Elem())
}

// walkElems walks the first n elements of the array or slice v.
func (w *walker) walkElems(v reflect.Value, n int, elem reflect.Type) {
	walkElem := walkFuncFor(elem)
	top := w.push(step{elem: elem})
	for i := range n {
		w.path[top].index = i
		walkElem(w, v.Index(i))
	}
	w.pop()
}

type sliceWalk struct{ elem reflect.Type }

// walkAt walks the slice of type t at p, as walk does, reading its header
// from memory: the walk of a slice that reaches memory needs no
// reflect.Value.
func (s sliceWalk) walkAt(w *walker, t reflect.Type, p unsafe.Pointer) {
	header := *(*[]byte)(p) // the data pointer, length and capacity, whatever the elements
	data := unsafe.Pointer(unsafe.SliceData(header))
	switch n, c := len(header), cap(header); {
	case data == nil:
		w.writeByte(tagNil)
	case c > 0 && s.elem.Size() > 0:
		w.view(data, t, s.elem, uintptr(n), uintptr(c), reflect.Value{})
	default:
		s.walk(w, reflect.NewAt(t, p).Elem())
	}
}

func (s sliceWalk) walk(w *walker, v reflect.Value) {
	if v.IsNil() {
		w.writeByte(tagNil)
		return
	}
	n, c := v.Len(), v.Cap()
	if c > 0 && s.elem.Size() > 0 {
		w.view(v.UnsafePointer(), v.Type(), s.elem, uintptr(n), uintptr(c), reflect.Value{})
		return
	}
	// No memory to share: known by its address.
	if !w.enter(ref{addr: v.UnsafePointer(), typ: v.Type(), len: n, cap: c}) {
		return
	}
	w.writeUvarint(uint64(n))
	w.writeUvarint(uint64(c))
	w.walkElems(v, n, s.elem) // values of size 0, which may still encode themselves
	w.leave()
}

func walkPointer(w *walker, v reflect.Value) {
	if v.IsNil() {
		w.writeByte(tagNil)
		return
	}
	t := v.Type()
	if inRegion(t.Elem()) {
		w.view(v.UnsafePointer(), t, t.Elem(), 1, 1, v)
		return
	}
	if !w.enter(ref{addr: v.UnsafePointer(), typ: t}) {
		return
	}
	e := v.Elem()
	walkFuncFor(e.Type())(w, e)
	w.leave()
}

// inRegion reports whether the value a pointer to t points to is kept in a
// region. Values of size 0 have no memory to share, and a *time.Location
// is known by the location's name, so that time.UTC decodes as itself.
func inRegion(t reflect.Type) bool { return t.Size() > 0 && t != locationType }

// view writes a view of a region: a pointer ptr to a value of type elem at
// p (n and c 1), or else a slice of type t of length n and capacity c whose
// array starts at p.
func (w *walker) view(p unsafe.Pointer, t, elem reflect.Type, n, c uintptr, ptr reflect.Value) {
	addr, slice := uintptr(p), !ptr.IsValid()
	i, seen := w.at.get(addr)
	switch {
	case seen && w.spanRegion != nil:
		i = w.spanRegion[i]
	case !seen && w.found:
		w.fail(t, "the walk met memory that its first pass did not; the value changed during the walk")
	case !seen:
		i = w.addRegion(p, elem, c, n)
	}
	if r := w.regions.at(int(i)); !w.found && r.index >= 0 && (r.elem != elem || r.n != c || r.m < n) {
		// Not the view its memory was first seen as: the regions are to be
		// found first, unless this is a map key encoded on its own.
		if !w.sorting {
			panic(walkError{errOverlap})
		}
		i = w.addRegion(p, elem, c, n)
	}
	r := w.regions.at(int(i))
	off := uint64(addr - uintptr(r.start))
	if r.index >= 0 {
		w.writeByte(tagRef)
		w.writeUvarint(uint64(r.index))
		w.writeView(off, n, c, slice)
		return
	}
	if r.unfit {
		w.fail(t, w.unfit[i])
	}
	w.deeper(t)
	r.index = int32(w.next)
	w.next++
	reg := *r // w.regions may grow while the content is walked
	switch {
	case reg.elem == elem && off == 0 && reg.n == c && reg.m == n:
		w.writeByte(tagValue)
		if slice {
			w.writeUvarint(uint64(n))
			w.writeUvarint(uint64(c))
		}
	case reg.elem == elem:
		w.writeByte(tagRegion)
		w.writeRegion(reg, off, n, c, slice)
	default:
		w.writeByte(tagRegionOf)
		w.writeType(reg.elem)
		w.writeRegion(reg, off, n, c, slice)
	}
	if !w.sorting {
		w.slack = saturatingAdd(w.slack, uint64((reg.n-reg.m)*reg.elem.Size()))
	}
	if !slice && reg.n == 1 && reg.elem == elem {
		walkFuncFor(elem)(w, ptr.Elem()) // the region is the value ptr points to
	} else {
		w.walkRegion(reg, slice || reg.n > 1)
	}
	w.leave()
}

// prefetchRegion reads the region of the view at addr, if the walk knows
// it, for entryPrefetcher.
func (w *walker) prefetchRegion(addr uintptr) byte {
	i, ok := w.at.get(addr)
	if !ok {
		return 0
	}
	if w.spanRegion != nil {
		i = w.spanRegion[i]
	}
	return *(*byte)(unsafe.Pointer(w.regions.at(int(i))))
}

// addRegion makes the memory of a view a region of its own, unvisited.
// Outside sorting, where overlaps are checked at the end of the walk, it
// checks for the most common one at once: a view into, or around, one of
// the largest slices' arrays seen so far, as when pointers into a slice's
// elements, or elements pointing to one another, are walked after the
// slice.
func (w *walker) addRegion(p unsafe.Pointer, elem reflect.Type, n, m uintptr) int32 {
	if !w.sorting {
		w.checkLarge(extent{uintptr(p), uintptr(p) + n*elem.Size(), 0}, n > 1)
	}
	i := int32(w.regions.add(region{start: p, elem: elem, n: n, m: m, index: -1}))
	w.at.set(uintptr(p), i)
	return i
}

// checkLarge stops the walk with errOverlap if e overlaps one of the largest
// regions, and makes e one of them if it is larger than one and may be.
func (w *walker) checkLarge(e extent, may bool) {
	smallest := 0
	for j := range w.nonEmpty {
		l := &w.large[j]
		if e.start < l.end && l.start < e.end {
			panic(walkError{errOverlap})
		}
		if l.end-l.start < w.large[smallest].end-w.large[smallest].start {
			smallest = j
		}
	}
	switch {
	case !may:
	case w.nonEmpty < len(w.large):
		w.large[w.nonEmpty] = e
		w.nonEmpty++
	case e.end-e.start > w.large[smallest].end-w.large[smallest].start:
		w.large[smallest] = e
	}
}

func (w *walker) writeRegion(r region, off uint64, n, c uintptr, slice bool) {
	w.writeUvarint(uint64(r.m))
	w.writeUvarint(uint64(r.n))
	w.writeView(off, n, c, slice)
}

func (w *walker) writeView(off uint64, n, c uintptr, slice bool) {
	w.writeUvarint(off)
	if slice {
		w.writeUvarint(uint64(n))
		w.writeUvarint(uint64(c))
	}
}

// walkRegion writes the content of a region: its first m values, as the
// elements of an array when elems is set.
func (w *walker) walkRegion(r region, elems bool) {
	size := r.elem.Size()
	switch {
	case r.m == 0:
	case !elems:
		walkFuncFor(r.elem)(w, reflect.NewAt(r.elem, r.start).Elem())
	case isRaw(r.elem):
		w.write(unsafe.Slice((*byte)(r.start), r.m*size))
	default:
		w.walkElems(reflect.SliceAt(r.elem, r.start, int(r.m)), int(r.m), r.elem)
	}
}

var rawTypes sync.Map // map[reflect.Type]bool

// isRaw caches rawLayout.
func isRaw(t reflect.Type) bool {
	if raw, ok := rawTypes.Load(t); ok {
		return raw.(bool)
	}
	raw := rawLayout(t)
	rawTypes.Store(t, raw)
	return raw
}

// A structWalk walks a struct's fields in order. Adjacent fields of
// rawLayout are merged into one span of memory, written in one go.
type structWalk []fieldWalk

// A fieldWalk walks one field, or a span of raw fields when walk is nil.
type fieldWalk struct {
	name   string
	typ    reflect.Type
	offset uintptr
	size   uintptr // of the span
	walk   walkFunc
	// plain says how to walk the field from its memory, as its walkFunc
	// would, without making a reflect.Value of it: most fields are
	// strings or slices.
	plain plainKind
	slice sliceWalk // when plain is plainSlice
}

// A plainKind says whether values of a type are walked as plain strings,
// slices or memory (see plainKindOf).
type plainKind uint8

const (
	plainNone   plainKind = iota // walked through a reflect.Value
	plainRaw                     // written as their memory (see rawLayout)
	plainString                  // written as their length and bytes
	plainSlice                   // views of memory, whatever their elements
)

// plainKindOf returns the plainKind of t: what newWalkFunc decides for t,
// when it is neither a wrapper nor a type that is walked as no other of
// its kind is.
func plainKindOf(t reflect.Type) plainKind {
	switch {
	case wrapperWalkFunc(t) != nil || specialWalkFunc(t) != nil:
		return plainNone
	case rawLayout(t):
		return plainRaw
	case t.Kind() == reflect.String:
		return plainString
	case t.Kind() == reflect.Slice:
		return plainSlice
	}
	return plainNone
}

func newStructWalk(t reflect.Type) structWalk {
	var s structWalk
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "_" {
			// Go leaves blank fields out of struct comparison, and no
			// program can read them.
			continue
		}
		if !rawLayout(f.Type) {
			fw := fieldWalk{name: f.Name, typ: f.Type, offset: f.Offset, walk: walkFuncFor(f.Type), plain: plainKindOf(f.Type)}
			if fw.plain == plainSlice {
				fw.slice = sliceWalk{elem: f.Type.Elem()}
			}
			s = append(s, fw)
			continue
		}
		if n := len(s); n > 0 && s[n-1].walk == nil && s[n-1].offset+s[n-1].size == f.Offset {
			s[n-1].size += f.Type.Size()
			continue
		}
		s = append(s, fieldWalk{name: f.Name, typ: f.Type, offset: f.Offset, size: f.Type.Size()})
	}
	return s
}

// walk reads every field through its address, exported or not: reflect.NewAt
// gives a value without the read-only flag of unexported fields, which the
// walk needs to call their methods (time.Time, MarshalBinary) and copy them.
func (s structWalk) walk(w *walker, v reflect.Value) {
	base := unsafe.Pointer(addressable(v).UnsafeAddr())
	top := w.push(step{})
	for i := range s {
		f := &s[i]
		p := unsafe.Add(base, f.offset)
		if f.walk == nil {
			w.write(unsafe.Slice((*byte)(p), f.size))
			continue
		}
		w.path[top].field = f
		switch f.plain {
		case plainString:
			w.writeString(*(*string)(p))
		case plainSlice:
			f.slice.walkAt(w, f.typ, p)
		default:
			f.walk(w, reflect.NewAt(f.typ, p).Elem())
		}
	}
	w.pop()
}

type mapWalk struct {
	keys, elems reflect.Type // slices that receive copies of the entries
	refFreeKeys bool         // a key's encoding for sorting is its encoding in the walk
	order       keyOrder     // how the keys are sorted
	keySize     int
	elemSize    uintptr
	keyRefs     pointees // what the keys point to, read ahead of their walk
	elemRefs    pointees // what the values point to
	views       int      // the slices and pointers in an entry, which may each be a view
}

// A keyOrder is how a map walk puts the keys in the order of their
// encodings.
type keyOrder uint8

const (
	// byEncoding encodes each key on its own, then compares the encodings.
	byEncoding keyOrder = iota
	// byString compares strings as their encodings compare (the length as
	// a uvarint, then the bytes) without writing them.
	byString
	// byMemory compares the keys' memory, which is their encoding (see
	// rawLayout).
	byMemory
)

var mapWalks sync.Map // map[reflect.Type]*mapWalk

// mapWalkFor returns the mapWalk of map type t, making it on first use.
func mapWalkFor(t reflect.Type) *mapWalk {
	if m, ok := mapWalks.Load(t); ok {
		return m.(*mapWalk)
	}
	m, _ := mapWalks.LoadOrStore(t, newMapWalk(t))
	return m.(*mapWalk)
}

func newMapWalk(t reflect.Type) *mapWalk {
	k := t.Key()
	m := &mapWalk{
		keys: reflect.SliceOf(k), elems: reflect.SliceOf(t.Elem()), refFreeKeys: refFree(k),
		keySize: int(k.Size()), elemSize: t.Elem().Size(), keyRefs: newPointees(k), elemRefs: newPointees(t.Elem()),
	}
	m.views = m.keyRefs.views() + m.elemRefs.views()
	switch plainKindOf(k) {
	case plainRaw:
		m.order = byMemory
	case plainString:
		m.order = byString
	default:
		m.order = byEncoding
	}
	return m
}

func (m *mapWalk) walk(w *walker, v reflect.Value) {
	if v.IsNil() {
		w.writeByte(tagNil)
		return
	}
	if !w.enter(ref{addr: v.UnsafePointer(), typ: v.Type()}) {
		return
	}
	keys, elems := m.entries(v)
	w.writeUvarint(uint64(keys.Len()))
	walkKey, walkElem := walkFuncFor(v.Type().Key()), walkFuncFor(v.Type().Elem())
	sorted := m.sortKeys(w, keys, walkKey)
	w.breakTies(sorted, elems, walkElem)
	if !w.found {
		// The entries' views join at as the walk meets them: room for all
		// of them at once spares growing it step by step. Found first,
		// they are in it already.
		w.at.reserve(len(sorted.order) * m.views)
	}
	ahead := newEntryPrefetcher(w, m, sorted.order, keys, elems)
	top := w.push(step{elem: v.Type().Elem()})
	for k, r := range sorted.order {
		ahead.reached(k)
		key := keys.Index(r.i)
		w.path[top].key = key
		switch {
		case !m.refFreeKeys:
			// Walked again, in place, so that references it shares with
			// the rest of the value are kept.
			walkKey(w, key)
		case m.order == byString:
			w.writeString(sorted.strings[r.i])
		default:
			w.write(sorted.encoding(r.i))
		}
		walkElem(w, elems.Index(r.i))
	}
	w.pop()
	w.leave()
	w.readSum += ahead.sum
}

// entries copies the keys and values of map v into two slices, in
// iteration order, so that they can be visited in any order without a
// lookup each.
func (m *mapWalk) entries(v reflect.Value) (keys, elems reflect.Value) {
	n := v.Len()
	keys, elems = reflect.MakeSlice(m.keys, n, n), reflect.MakeSlice(m.elems, n, n)
	it := v.MapRange()
	for i := 0; it.Next(); i++ {
		keys.Index(i).SetIterKey(it)
		elems.Index(i).SetIterValue(it)
	}
	return keys, elems
}

// A keySort is the keys of a map in the order of their encodings.
type keySort struct {
	by        keyOrder
	order     []keyRank
	strings   []string // byString: the keys
	memory    []byte   // byMemory: the keys' memory, one after the other
	size      int      // byMemory: the bytes of a key
	encodings [][]byte // byEncoding: the keys' encodings
}

// A keyRank is the i-th key of a map in its place. Its prefix, the first 8
// bytes of its encoding as a big-endian number, padded with zeros, orders
// most keys without a look at the rest of their encodings.
type keyRank struct {
	prefix uint64
	i      int
}

// encoding returns the encoding of the i-th key, unless the keys are sorted
// byString.
func (s *keySort) encoding(i int) []byte {
	if s.by == byMemory {
		return s.memory[i*s.size : (i+1)*s.size]
	}
	return s.encodings[i]
}

// compare compares the encodings of the i-th and j-th keys.
func (s *keySort) compare(i, j int) int {
	if s.by == byString {
		return compareStringEncodings(s.strings[i], s.strings[j])
	}
	return bytes.Compare(s.encoding(i), s.encoding(j))
}

// sortKeys sorts keys, a slice of the map's keys, by their encodings. Keys
// that encode alike (NaNs, distinct pointers to equal values) are left for
// breakTies. The encodings count against the budget, whether or not they
// are written to be compared.
func (m *mapWalk) sortKeys(w *walker, keys reflect.Value, walkKey walkFunc) *keySort {
	n := keys.Len()
	s := &keySort{by: m.order, order: make([]keyRank, n)}
	switch m.order {
	case byString:
		s.strings = unsafe.Slice((*string)(keys.UnsafePointer()), n)
		size := 0
		for i, k := range s.strings {
			s.order[i] = keyRank{stringPrefix(k), i}
			size += uvarintLen(uint64(len(k))) + len(k)
		}
		w.spend(size)
	case byMemory:
		s.size = m.keySize
		s.memory = unsafe.Slice((*byte)(keys.UnsafePointer()), n*s.size)
		for i := range s.order {
			s.order[i] = keyRank{prefixOf(s.encoding(i)), i}
		}
		w.spend(len(s.memory))
	default:
		s.encodings = w.encodeKeys(keys, walkKey)
		for i, enc := range s.encodings {
			s.order[i] = keyRank{prefixOf(enc), i}
		}
	}
	sortRanks(s.order, s.compare)
	return s
}

// sortRanks sorts ranks by prefix, and ranks of equal prefixes by compare
// of their indexes. A map may have millions of keys: they are sorted by
// radix, in a few passes over the bits in which their prefixes differ, and
// only the ties are compared.
func sortRanks(ranks []keyRank, compare func(i, j int) int) {
	byIndex := func(a, b keyRank) int { return compare(a.i, b.i) }
	if len(ranks) < 1<<12 {
		slices.SortFunc(ranks, func(a, b keyRank) int {
			if a.prefix != b.prefix {
				return cmp.Compare(a.prefix, b.prefix)
			}
			return byIndex(a, b)
		})
		return
	}
	var differ uint64 // the bits in which some prefix differs from the first
	for _, r := range ranks {
		differ |= r.prefix ^ ranks[0].prefix
	}
	const digit = 11
	var count [1 << digit]int
	src, dst := ranks, make([]keyRank, len(ranks))
	for shift := 0; shift < bits.Len64(differ); shift += digit {
		clear(count[:])
		for _, r := range src {
			count[r.prefix>>shift&(1<<digit-1)]++
		}
		sum := 0
		for d, c := range count {
			count[d], sum = sum, sum+c
		}
		for _, r := range src {
			d := r.prefix >> shift & (1<<digit - 1)
			dst[count[d]] = r
			count[d]++
		}
		src, dst = dst, src
	}
	copy(ranks, src)
	for lo := 0; lo < len(ranks); {
		hi := lo + 1
		for hi < len(ranks) && ranks[hi].prefix == ranks[lo].prefix {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(ranks[lo:hi], byIndex)
		}
		lo = hi
	}
}

// encodeKeys encodes each of keys on its own, with no references shared
// with the rest of the walk (a view of memory is a region of its own unless
// an identical view came before it in the key), and returns the encodings,
// which count against the budget.
func (w *walker) encodeKeys(keys reflect.Value, walkKey walkFunc) [][]byte {
	buf, dst, refs := w.buf, w.dst, w.refState
	w.buf, w.dst, w.refState = nil, nil, newRefState()
	w.sorting = true
	ends := make([]int, keys.Len())
	top := w.push(step{elem: keys.Type().Elem()})
	for i := range ends {
		key := keys.Index(i)
		w.path[top].key = key
		w.refState.reset()
		walkKey(w, key)
		ends[i] = len(w.buf)
	}
	w.pop()
	enc := w.buf
	w.buf, w.dst, w.refState = buf, dst, refs
	w.spend(len(enc))

	encodings := make([][]byte, len(ends))
	start := 0
	for i, end := range ends {
		encodings[i] = enc[start:end]
		start = end
	}
	return encodings
}

// prefixOf returns the prefix of an encoding as keyRank has it.
func prefixOf(enc []byte) uint64 {
	if len(enc) >= 8 {
		return binary.BigEndian.Uint64(enc)
	}
	var b [8]byte
	copy(b[:], enc)
	return binary.BigEndian.Uint64(b[:])
}

// stringPrefix returns the prefix of the encoding of s as keyRank has it.
func stringPrefix(s string) uint64 {
	var b [binary.MaxVarintLen64 + 8]byte
	n := binary.PutUvarint(b[:], uint64(len(s)))
	copy(b[n:], s)
	return binary.BigEndian.Uint64(b[:])
}

// compareStringEncodings compares the encodings of two strings, their
// lengths as uvarints then their bytes, without writing them. No uvarint is
// the start of another: the encodings of two different lengths differ at a
// byte of both, which decides.
func compareStringEncodings(a, b string) int {
	if len(a) == len(b) {
		return strings.Compare(a, b)
	}
	var ea, eb [binary.MaxVarintLen64]byte
	return bytes.Compare(binary.AppendUvarint(ea[:0], uint64(len(a))), binary.AppendUvarint(eb[:0], uint64(len(b))))
}

// uvarintLen returns how many bytes the uvarint encoding of x takes.
func uvarintLen(x uint64) int { return (bits.Len64(x|1) + 6) / 7 }

// breakTies orders the entries whose keys encode alike by the encodings of
// their values, so that a map with NaN keys, or with distinct pointers to
// equal values as keys, encodes the same on every walk. Such runs are rare,
// and only their values are encoded twice. Distinct strings never encode
// alike.
func (w *walker) breakTies(keys *keySort, elems reflect.Value, walkElem walkFunc) {
	if keys.by == byString {
		return
	}
	order := keys.order
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && order[end].prefix == order[start].prefix && keys.compare(order[start].i, order[end].i) == 0 {
			end++
		}
		if end-start > 1 {
			run := order[start:end]
			byValue := map[int][]byte{}
			for _, r := range run {
				byValue[r.i] = w.isolated(elems.Index(r.i), walkElem)
			}
			slices.SortStableFunc(run, func(a, b keyRank) int { return bytes.Compare(byValue[a.i], byValue[b.i]) })
		}
		start = end
	}
}

// isolated returns the encoding of v on its own, with no references shared
// with the rest of the walk; it counts against the budget.
func (w *walker) isolated(v reflect.Value, walkFn walkFunc) []byte {
	buf, dst, refs := w.buf, w.dst, w.refState
	w.buf, w.dst, w.refState = nil, nil, newRefState()
	w.sorting = true
	walkFn(w, v)
	enc := w.buf
	w.buf, w.dst, w.refState = buf, dst, refs
	w.spend(len(enc))
	return enc
}

func walkInterface(w *walker, v reflect.Value) {
	if v.IsNil() {
		w.writeByte(tagNil)
		return
	}
	w.walkDynamic(v.Elem())
}

func walkTime(w *walker, v reflect.Value) {
	t := v.Convert(timeType).Interface().(time.Time)
	_, offset := t.Zone()
	w.writeUint(uint64(t.Unix()), 8)
	w.writeUint(uint64(t.Nanosecond()), 4)
	w.writeString(t.Location().String())
	w.writeUint(uint64(offset), 4)
}

func walkLocation(w *walker, v reflect.Value) {
	w.writeString(addressable(v).Addr().Interface().(*time.Location).String())
}

// A selfEncodingWalk walks a value of a compiled type through its own
// encoder, called on the value or, viaAddr, on its address.
type selfEncodingWalk struct{ viaAddr bool }

func (s selfEncodingWalk) walk(w *walker, v reflect.Value) {
	t := v.Type()
	if s.viaAddr {
		v = addressable(v).Addr()
	}
	var data []byte
	var err error
	switch e := v.Interface().(type) {
	case encoding.BinaryMarshaler:
		data, err = e.MarshalBinary()
	case gobEncoder:
		data, err = e.GobEncode()
	}
	if err != nil {
		w.fail(t, "encoding itself: "+err.Error())
	}
	w.writeUvarint(uint64(len(data)))
	w.write(data)
}

func walkNilOnly(w *walker, v reflect.Value) {
	if !v.IsNil() {
		w.fail(v.Type(), unwalkableReason(v.Kind()))
	}
	w.writeByte(tagNil)
}

func unwalkableReason(k reflect.Kind) string {
	switch k {
	case reflect.Func:
		return "a func is code and captured variables, not data"
	case reflect.Chan:
		return "a channel's contents belong to the goroutines using it"
	}
	return "an unsafe.Pointer points to memory of no known type"
}

func walkUintptr(w *walker, v reflect.Value) {
	w.fail(v.Type(), "a uintptr may hold an address, meaningless elsewhere")
}

// Regions.

// A region is memory that views share, laid out as n values of type elem
// from start, of which the first m are its content.
type region struct {
	start unsafe.Pointer
	elem  reflect.Type
	n, m  uintptr
	index int32 // in the encoding, once visited; -1 before
	unfit bool  // its views cannot be walked (see refState.unfit)
}

// An extent is the memory of the i-th span or region, from start to end.
type extent struct {
	start, end uintptr
	i          int32
}

// sortExtents sorts extents by start, and returns them. A walk may meet
// millions of views: their addresses are sorted by radix, in a few passes
// over the bits in which they differ.
func sortExtents(extents []extent) []extent {
	if len(extents) < 1<<12 {
		slices.SortFunc(extents, func(a, b extent) int { return cmp.Compare(a.start, b.start) })
		return extents
	}
	lo, hi := extents[0].start, extents[0].start
	for _, e := range extents {
		lo, hi = min(lo, e.start), max(hi, e.start)
	}
	const bits = 11
	var count [1 << bits]int
	tmp := make([]extent, len(extents))
	for shift := 0; shift < 64 && (hi-lo)>>shift > 0; shift += bits {
		clear(count[:])
		for _, e := range extents {
			count[(e.start-lo)>>shift&(1<<bits-1)]++
		}
		sum := 0
		for d, c := range count {
			count[d], sum = sum, sum+c
		}
		for _, e := range extents {
			d := (e.start - lo) >> shift & (1<<bits - 1)
			tmp[count[d]] = e
			count[d]++
		}
		extents, tmp = tmp, extents
	}
	return extents
}

// A chunkList holds values in chunks that never move once full, so that
// growing it copies little: a walk may keep millions of spans and regions.
type chunkList[T any] struct {
	chunks [][]T
	n      int
}

const chunkBits = 12

// add appends x and returns its index.
func (l *chunkList[T]) add(x T) int {
	c := l.n >> chunkBits
	switch {
	case c < len(l.chunks):
	case c == 0:
		l.chunks = append(l.chunks, nil) // grown by append: small walks stay small
	default:
		l.chunks = append(l.chunks, make([]T, 0, 1<<chunkBits))
	}
	l.chunks[c] = append(l.chunks[c], x)
	l.n++
	return l.n - 1
}

// at returns the i-th value; adding to the list may move it.
func (l *chunkList[T]) at(i int) *T { return &l.chunks[i>>chunkBits][i&(1<<chunkBits-1)] }

func (l *chunkList[T]) reset() {
	if len(l.chunks) > 0 {
		l.chunks = append(l.chunks[:0], l.chunks[0][:0])
	}
	l.n = 0
}

// A span is the memory that one view reaches: n values of type elem from
// start, the first m of them within the view's length.
type span struct {
	start unsafe.Pointer
	elem  reflect.Type
	n, m  uintptr
	slice bool  // the view is a slice, else a pointer
	next  int32 // the next span with the same start, or -1
}

func (s *span) end() uintptr { return uintptr(s.start) + s.n*s.elem.Size() }

// A collector is the first pass of a walk: it finds the span of every view
// that the walk will visit, without encoding anything, and makes the spans
// regions. Values whose types hold no pointers, slices, interfaces or maps
// (see viewFree) are not looked into, so a slice of numbers or a map of
// strings to such structs costs a span or nothing.
type collector struct {
	spans  chunkList[span]
	unfit  map[int32]string // why the views of a region cannot be walked
	seen   addrTable        // the first span at each start address
	maps   map[unsafe.Pointer]bool
	work   []search // memory whose values are yet to be searched
	depth  int      // views being searched, one inside the other
	budget int64    // limit on done; 0 means none
	done   int64    // views found and values searched
}

// A search is count values of type elem from p to be looked into.
type search struct {
	p     unsafe.Pointer
	elem  reflect.Type
	count uintptr
}

// find collects the spans of the views in v, and returns the regions they
// make and the region of each span. A region whose content holds values
// that no view of the content's type searched (between two sub-slices, or
// around a field a pointer points to) is searched as the walk will walk it,
// and the regions are made again with what that finds.
func (c *collector) find(v reflect.Value) (regions chunkList[region], spanRegion []int32, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(walkError); ok {
				err = e.err
				return
			}
			// From reflect, or from a wrapper's Unwrap; the walk would
			// meet it too, but this pass knows no path.
			err = &UnhashableError{Type: v.Type().String(), Reason: fmt.Sprint("walk panicked: ", r)}
		}
	}()
	if v.IsValid() {
		c.value(v)
		c.drain()
	}
	searched := make(map[search]bool)
	for {
		regions, spanRegion = c.regions(searched)
		if len(c.work) == 0 {
			return regions, spanRegion, nil
		}
		c.drain()
	}
}

func (c *collector) count(n int64) {
	c.done += n
	if c.budget > 0 && c.done > c.budget {
		panic(walkError{ErrOverBudget})
	}
}

// value collects the spans in v.
func (c *collector) value(v reflect.Value) {
	if f := collectFuncFor(v.Type()); f != nil {
		f(c, v)
	}
}

// drain searches the memory found so far and queued.
func (c *collector) drain() {
	for len(c.work) > 0 {
		s := c.work[len(c.work)-1]
		c.work = c.work[:len(c.work)-1]
		c.search(s)
	}
}

// maxSearchDepth is how many views deep the first pass searches by
// recursion; deeper memory is queued, so that long lists do not exhaust the
// goroutine's stack.
const maxSearchDepth = 64

func (c *collector) search(s search) {
	f := collectFuncFor(s.elem)
	c.count(int64(s.count))
	if s.count == 1 { // a pointer's: SliceAt would allocate
		f(c, reflect.NewAt(s.elem, s.p).Elem())
		return
	}
	values := reflect.SliceAt(s.elem, s.p, int(s.count))
	for i := range int(s.count) {
		f(c, values.Index(i))
	}
}

// add records the span of a view, and the search of its content unless
// that is done or has nothing to find.
func (c *collector) add(p unsafe.Pointer, elem reflect.Type, n, m uintptr, slice bool) {
	addr := uintptr(p)
	first, ok := c.seen.get(addr)
	if ok {
		for i := first; i >= 0; i = c.spans.at(int(i)).next {
			if s := c.spans.at(int(i)); s.elem == elem && s.n == n && s.m >= m {
				return
			}
		}
	}
	i := int32(c.spans.n)
	s := span{start: p, elem: elem, n: n, m: m, slice: slice, next: -1}
	if ok {
		s.next, c.spans.at(int(first)).next = c.spans.at(int(first)).next, i
	} else {
		c.seen.set(addr, i)
	}
	c.spans.add(s)
	c.count(1)
	switch {
	case m == 0 || collectFuncFor(elem) == nil:
	case c.depth < maxSearchDepth:
		c.depth++
		c.search(search{p, elem, m})
		c.depth--
	default:
		c.work = append(c.work, search{p, elem, m})
	}
}

// regions makes the spans regions: spans that overlap make one. It queues
// the searches a region's content still needs (see find), once each.
func (c *collector) regions(searched map[search]bool) (regions chunkList[region], spanRegion []int32) {
	extents := make([]extent, c.spans.n)
	for i := range extents {
		s := c.spans.at(i)
		extents[i] = extent{uintptr(s.start), s.end(), int32(i)}
	}
	extents = sortExtents(extents)
	clear(c.unfit)
	if disjoint(extents) {
		// Each span is a region of its own, which the loop below would
		// lay out as the span and leave unsearched, as add searched it.
		// Made in the order of the spans, the i-th region is the i-th
		// span's: no spanRegion is needed.
		for i := range c.spans.n {
			s := c.spans.at(i)
			regions.add(region{start: s.start, elem: s.elem, n: s.n, m: s.m, index: -1})
		}
		return regions, nil
	}
	order := make([]int32, len(extents)) // the spans by start
	for i, e := range extents {
		order[i] = e.i
	}
	spanRegion = make([]int32, len(order))
	for lo := 0; lo < len(order); {
		start, end := extents[lo].start, extents[lo].end
		hi := lo + 1
		for ; hi < len(order) && extents[hi].start < end; hi++ {
			end = max(end, extents[hi].end)
		}
		group := order[lo:hi]
		r, unfit := c.layout(group, end-start)
		ri := int32(regions.n)
		for _, i := range group {
			spanRegion[i] = ri
		}
		if unfit != "" {
			if c.unfit == nil {
				c.unfit = make(map[int32]string)
			}
			r.unfit, c.unfit[ri] = true, unfit
		} else if s := (search{r.start, r.elem, r.m}); !searched[s] && !c.searchedAll(r, group) {
			searched[s] = true
			c.work = append(c.work, s)
		}
		regions.add(r)
		lo = hi
	}
	return regions, spanRegion
}

// disjoint reports whether no two of extents, sorted by start, overlap.
func disjoint(extents []extent) bool {
	for i := 1; i < len(extents); i++ {
		if extents[i].start < extents[i-1].end {
			return false
		}
	}
	return true
}

// layout makes the region of a group of overlapping spans, sorted by
// start, that spans size bytes, or says why their views cannot be walked.
func (c *collector) layout(group []int32, size uintptr) (region, string) {
	first := c.spans.at(int(group[0]))
	r := region{start: first.start, index: -1}
	var contentEnd uintptr
	same := true
	for _, i := range group {
		s := c.spans.at(int(i))
		contentEnd = max(contentEnd, uintptr(s.start)-uintptr(r.start)+s.m*s.elem.Size())
		same = same && s.start == first.start && s.elem == first.elem && s.n == first.n
	}
	switch {
	case same:
		r.elem, r.n = first.elem, first.n
	default:
		elem, ok := c.chooseElem(group, size)
		if !ok {
			r.elem = first.elem
			return r, c.incompatible(group)
		}
		r.elem, r.n = elem, size/elem.Size()
	}
	size = r.elem.Size()
	r.m = (contentEnd + size - 1) / size
	return r, ""
}

// chooseElem returns the element type of the region of a group of spans:
// among their element types and the element types of those that are
// arrays, the largest that lays out size bytes so that every span is where
// its view's type is, and the first by name of those as large.
func (c *collector) chooseElem(group []int32, size uintptr) (reflect.Type, bool) {
	var elems []reflect.Type
	var last reflect.Type
	for _, i := range group {
		if c.spans.at(int(i)).elem == last {
			continue
		}
		last = c.spans.at(int(i)).elem
		for t := last; ; t = t.Elem() {
			if !slices.Contains(elems, t) {
				elems = append(elems, t)
			}
			if t.Kind() != reflect.Array {
				break
			}
		}
	}
	slices.SortFunc(elems, func(a, b reflect.Type) int {
		return cmp.Or(cmp.Compare(b.Size(), a.Size()), cmp.Compare(a.String(), b.String()), cmp.Compare(a.PkgPath(), b.PkgPath()))
	})
	start := uintptr(c.spans.at(int(group[0])).start)
	for _, e := range elems {
		if e.Size() == 0 || size%e.Size() != 0 {
			continue
		}
		n := size / e.Size()
		if !slices.ContainsFunc(group, func(i int32) bool {
			s := c.spans.at(int(i))
			return !holds(e, n, uintptr(s.start)-start, s.elem, s.n)
		}) {
			return e, true
		}
	}
	return nil, false
}

// incompatible says why the views of a group of spans cannot be walked.
func (c *collector) incompatible(group []int32) string {
	var views []string
	for _, i := range group {
		s := c.spans.at(int(i))
		view := "*" + s.elem.String()
		if s.slice {
			view = "[]" + s.elem.String()
		}
		if !slices.Contains(views, view) {
			views = append(views, view)
		}
	}
	slices.Sort(views)
	if len(views) > 4 {
		views = append(views[:4], "…")
	}
	return fmt.Sprintf("pointers and slices of types %s share its memory, and no one type lays that memory out as all of theirs say (only unsafe conversions make such values)",
		strings.Join(views, ", "))
}

// searchedAll reports whether the content of region r was searched as the
// walk will walk it: by views of its element type in a row from its start.
func (c *collector) searchedAll(r region, group []int32) bool {
	if r.m == 0 || collectFuncFor(r.elem) == nil {
		return true
	}
	size := r.elem.Size()
	var searched uintptr // elements from the start
	for _, i := range group {
		s := c.spans.at(int(i))
		off := uintptr(s.start) - uintptr(r.start)
		if s.elem != r.elem || off%size != 0 {
			continue
		}
		if off/size > searched {
			return false
		}
		if searched = max(searched, off/size+s.m); searched >= r.m {
			return true
		}
	}
	return false
}

// holds reports whether memory laid out as n values of type e holds k values
// of type v in a row at byte offset off, where a pointer to a v (k 1) or a
// slice of v of capacity k may then point: at an element or a field of a
// type identical in memory to v, or at a run of k such elements. Reading
// the memory as v then reads it as what it is.
func holds(e reflect.Type, n, off uintptr, v reflect.Type, k uintptr) bool {
	size := v.Size()
	if size == 0 || k == 0 {
		return false
	}
	for {
		es := e.Size()
		if es == 0 || n == 0 || n > ^uintptr(0)/es {
			return false
		}
		total := n * es
		if off >= total || k > (total-off)/size {
			return false
		}
		if off%es == 0 && sameLayout(e, v) {
			return true
		}
		switch {
		case e.Kind() == reflect.Array:
			e, n = e.Elem(), n*uintptr(e.Len())
		case v.Kind() == reflect.Array:
			v, k = v.Elem(), k*uintptr(v.Len())
			size = v.Size()
		case e.Kind() == reflect.Struct:
			f, ok := fieldHolding(e, off%es, k*size)
			if !ok {
				return false
			}
			e, n, off = f.typ, 1, off%es-f.offset
		default:
			return false
		}
	}
}

// sameLayout reports whether values of types a and b lie in memory alike,
// as when their underlying types are identical: a pointer to one converts
// to a pointer to the other.
func sameLayout(a, b reflect.Type) bool {
	return a == b || a.Kind() == b.Kind() && a.Size() == b.Size() &&
		reflect.PointerTo(b).ConvertibleTo(reflect.PointerTo(a))
}

// A fieldSpan is where a non-blank field lies in its struct.
type fieldSpan struct {
	typ          reflect.Type
	offset, size uintptr
}

var structLayouts sync.Map // map[reflect.Type][]fieldSpan

// fieldHolding returns the field of struct type t that holds the size bytes
// at off.
func fieldHolding(t reflect.Type, off, size uintptr) (fieldSpan, bool) {
	fields, ok := structLayouts.Load(t)
	if !ok {
		var spans []fieldSpan
		for i := range t.NumField() {
			if f := t.Field(i); f.Name != "_" && f.Type.Size() > 0 {
				spans = append(spans, fieldSpan{f.Type, f.Offset, f.Type.Size()})
			}
		}
		fields, _ = structLayouts.LoadOrStore(t, spans)
	}
	for _, f := range fields.([]fieldSpan) {
		if f.offset <= off && off-f.offset < f.size && size <= f.size-(off-f.offset) {
			return f, true
		}
	}
	return fieldSpan{}, false
}

// The first pass.

// A collectFunc collects the spans in v, a value of the type it was made
// for; nil for types whose values hold no views (see viewFree).
type collectFunc func(c *collector, v reflect.Value)

var collectFuncs sync.Map // map[reflect.Type]collectFunc

func collectFuncFor(t reflect.Type) collectFunc {
	if f, ok := collectFuncs.Load(t); ok {
		return f.(collectFunc)
	}
	f, _ := collectFuncs.LoadOrStore(t, newCollectFunc(t))
	return f.(collectFunc)
}

// newCollectFunc makes the collectFunc of t, which looks into a value as
// the walk does. As newWalkFunc, it looks no deeper into t than arrays and
// struct fields: recursive types are not followed here.
func newCollectFunc(t reflect.Type) collectFunc {
	if viewFree(t) {
		return nil
	}
	if unwrap := wrapperUnwrap(t); unwrap != nil {
		return func(c *collector, v reflect.Value) {
			if inner := unwrap(v); inner.IsValid() {
				c.value(inner)
			}
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return collectPointer
	case reflect.Slice:
		return collectSlice
	case reflect.Interface:
		return collectInterface
	case reflect.Map:
		return collectMap
	case reflect.Array:
		return arrayCollect{collectFuncFor(t.Elem())}.collect
	case reflect.Struct:
		return newStructCollect(t).collect
	}
	return nil
}

// wrapperUnwrap returns the Unwrap of the registered wrapper matching t, or
// nil.
func wrapperUnwrap(t reflect.Type) func(reflect.Value) reflect.Value {
	wrappersMu.Lock()
	defer wrappersMu.Unlock()
	for _, wr := range wrappers {
		if wr.Match(t) {
			return wr.Unwrap
		}
	}
	return nil
}

var viewFreeTypes sync.Map // map[reflect.Type]bool

// viewFree reports whether the walk of a value of type t visits no pointer,
// slice, interface or map: such values need no first pass.
func viewFree(t reflect.Type) bool {
	if free, ok := viewFreeTypes.Load(t); ok {
		return free.(bool)
	}
	free := typeViewFree(t, nil)
	viewFreeTypes.Store(t, free)
	return free
}

// typeViewFree computes viewFree; entered are the map types being looked
// into, which a recursive type may reach again.
func typeViewFree(t reflect.Type, entered map[reflect.Type]bool) bool {
	if isWrapper(t) {
		return false
	}
	if specialWalkFunc(t) != nil {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Interface:
		return false
	case reflect.Map:
		// A map is no view, but its entries may hold some. Reached again
		// inside itself, it adds none that the first look does not find.
		if entered[t] {
			return true
		}
		if entered == nil {
			entered = make(map[reflect.Type]bool)
		}
		entered[t] = true
		return typeViewFree(t.Key(), entered) && typeViewFree(t.Elem(), entered)
	case reflect.Array:
		return t.Len() == 0 || typeViewFree(t.Elem(), entered)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.Name != "_" && !typeViewFree(f.Type, entered) {
				return false
			}
		}
	}
	return true
}

func collectPointer(c *collector, v reflect.Value) {
	if v.IsNil() {
		return
	}
	if elem := v.Type().Elem(); inRegion(elem) {
		c.add(v.UnsafePointer(), elem, 1, 1, false)
	}
}

// sliceAt does what collectSlice does for the slice of elem at p.
func (c *collector) sliceAt(elem reflect.Type, p unsafe.Pointer) {
	header := *(*[]byte)(p) // the data pointer, length and capacity, whatever the elements
	data := unsafe.Pointer(unsafe.SliceData(header))
	if n := cap(header); data != nil && n > 0 && elem.Size() > 0 {
		c.add(data, elem, uintptr(n), uintptr(len(header)), true)
	}
}

func collectSlice(c *collector, v reflect.Value) {
	if v.IsNil() {
		return
	}
	if elem, n := v.Type().Elem(), v.Cap(); n > 0 && elem.Size() > 0 {
		c.add(v.UnsafePointer(), elem, uintptr(n), uintptr(v.Len()), true)
	}
}

func collectInterface(c *collector, v reflect.Value) {
	if !v.IsNil() {
		c.value(v.Elem())
	}
}

func collectMap(c *collector, v reflect.Value) {
	if v.IsNil() {
		return
	}
	p := v.UnsafePointer()
	if c.maps[p] {
		return
	}
	if c.maps == nil {
		c.maps = make(map[unsafe.Pointer]bool)
	}
	c.maps[p] = true
	t := v.Type()
	collectKey, collectElem := collectFuncFor(t.Key()), collectFuncFor(t.Elem())
	c.seen.reserve(v.Len() * mapWalkFor(t).views)
	// The entries are copied into addressable values, as the walk does.
	key, elem := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
	c.count(int64(v.Len()))
	for it := v.MapRange(); it.Next(); {
		if collectKey != nil {
			key.SetIterKey(it)
			collectKey(c, key)
		}
		if collectElem != nil {
			elem.SetIterValue(it)
			collectElem(c, elem)
		}
	}
}

type arrayCollect struct{ elem collectFunc }

func (a arrayCollect) collect(c *collector, v reflect.Value) {
	v = addressable(v)
	c.count(int64(v.Len()))
	for i := range v.Len() {
		a.elem(c, v.Index(i))
	}
}

// A structCollect looks into the fields that may hold views, through their
// address as the walk does.
type structCollect []fieldCollect

type fieldCollect struct {
	typ     reflect.Type
	offset  uintptr
	collect collectFunc
	// slice is set when collect is collectSlice, which the collector then
	// does from the slice's header in memory, without a reflect.Value.
	slice bool
}

func newStructCollect(t reflect.Type) structCollect {
	var s structCollect
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "_" {
			continue
		}
		if collect := collectFuncFor(f.Type); collect != nil {
			slice := f.Type.Kind() == reflect.Slice && wrapperUnwrap(f.Type) == nil
			s = append(s, fieldCollect{f.Type, f.Offset, collect, slice})
		}
	}
	return s
}

func (s structCollect) collect(c *collector, v reflect.Value) {
	base := unsafe.Pointer(addressable(v).UnsafeAddr())
	for i := range s {
		f := &s[i]
		p := unsafe.Add(base, f.offset)
		if f.slice {
			c.sliceAt(f.typ.Elem(), p)
			continue
		}
		f.collect(c, reflect.NewAt(f.typ, p).Elem())
	}
}
