package snapshot

import (
	"bytes"
	"encoding"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// The walk visits a value and writes its encoding, which depends on the
// value's contents and on which of its references are nil or shared, not on
// where it lies in memory or in which order its maps were filled. Integers
// are little-endian, lengths and indexes are unsigned varints
// (encoding/binary), and each value is encoded according to its type:
//
//	bool                    1 byte, 0 or 1
//	integers                1, 2, 4 or 8 bytes as the type's size; int and uint take 8
//	float32, float64        IEEE 754 bits, 4 or 8 bytes
//	complex64, complex128   real part, then imaginary part
//	string                  length, then the bytes
//	array                   the elements in order
//	struct                  the fields in order, unexported ones included, blank ones left out
//	pointer, slice, map     tagNil, or tagRef and the index of the first visit, or tagValue and:
//	  pointer               the value pointed to
//	  slice                 length, then the elements
//	  map                   length, then each key and its value, in the order of the keys' own encodings
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
// the encoding. Each pointer, slice and map gets the next index on its first
// visit, numbered from 0 in walk order, and a later visit of the same one
// encodes as a back-reference: sharing and cycles are kept. A reference is
// the same when its address, its type and, for a slice, its length are.
//
// A uintptr, and a non-nil func, chan or unsafe.Pointer, stop the walk with
// an *UnhashableError: they stand for code, goroutines or raw addresses,
// which cannot be compared or restored.

// Tags open the encoding of values that can be nil or shared.
const (
	tagNil   = 0 // nil pointer, slice, map, interface, func, chan or unsafe.Pointer
	tagRef   = 1 // a pointer, slice or map visited before; its index follows
	tagValue = 2 // a reference's first visit, or a non-nil interface
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

// An UnhashableError reports a value that cannot be walked: a func, a
// channel, an unsafe.Pointer or a uintptr, or a value whose walk panicked.
// A value holding one can be neither hashed nor stored, only recomputed.
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
	budget   int64     // limit on produced; 0 means none
	refs     map[ref]int
	depth    int
	path     []step
}

// A ref identifies a pointer, slice or map. A struct and its first field
// share an address, hence the type; two slices of one array can share their
// first element, hence the length.
type ref struct {
	addr unsafe.Pointer
	typ  reflect.Type
	len  int
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
func walk(dst io.Writer, v reflect.Value, budget int64) (err error) {
	w := &walker{dst: dst, budget: budget, refs: make(map[ref]int)}
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

// enter starts the visit of a non-nil reference. On a first visit it writes
// tagValue and reports true: the caller writes the body, then calls leave.
// Otherwise it writes the back-reference and reports false.
func (w *walker) enter(r ref) bool {
	if i, seen := w.refs[r]; seen {
		w.writeByte(tagRef)
		w.writeUvarint(uint64(i))
		return false
	}
	if w.depth == maxDepth {
		w.fail(r.typ, fmt.Sprintf("nested more than %d references deep", maxDepth))
	}
	w.depth++
	w.refs[r] = len(w.refs)
	w.writeByte(tagValue)
	return true
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
	w.writeByte(tagValue)
	w.writeByte(byte(t.Kind()))
	w.writeString(t.String())
	w.writeString(t.PkgPath())
	walkFuncFor(t)(w, v)
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
		return sliceWalk{elem: t.Elem(), raw: rawLayout(t.Elem())}.walk
	case reflect.Struct:
		return newStructWalk(t).walk
	case reflect.Map:
		return newMapWalk(t).walk
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

type sliceWalk struct {
	elem reflect.Type
	raw  bool // elements are written as their memory, see rawLayout
}

func (s sliceWalk) walk(w *walker, v reflect.Value) {
	if v.IsNil() {
		w.writeByte(tagNil)
		return
	}
	n := v.Len()
	if !w.enter(ref{addr: v.UnsafePointer(), typ: v.Type(), len: n}) {
		return
	}
	w.writeUvarint(uint64(n))
	if s.raw {
		w.write(unsafe.Slice((*byte)(v.UnsafePointer()), uintptr(n)*s.elem.Size()))
	} else {
		w.walkElems(v, n, s.elem)
	}
	w.leave()
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
			s = append(s, fieldWalk{name: f.Name, typ: f.Type, offset: f.Offset, walk: walkFuncFor(f.Type)})
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
		if f.walk == nil {
			w.write(unsafe.Slice((*byte)(unsafe.Add(base, f.offset)), f.size))
			continue
		}
		w.path[top].field = f
		f.walk(w, reflect.NewAt(f.typ, unsafe.Add(base, f.offset)).Elem())
	}
	w.pop()
}

type mapWalk struct {
	keys, elems reflect.Type // slices that receive copies of the entries
	refFreeKeys bool         // a key's encoding for sorting is its encoding in the walk
}

func newMapWalk(t reflect.Type) mapWalk {
	return mapWalk{keys: reflect.SliceOf(t.Key()), elems: reflect.SliceOf(t.Elem()), refFreeKeys: refFree(t.Key())}
}

func (m mapWalk) walk(w *walker, v reflect.Value) {
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
	encodings, order := w.sortKeys(keys, walkKey)
	w.breakTies(encodings, order, elems, walkElem)
	top := w.push(step{elem: v.Type().Elem()})
	for _, i := range order {
		key := keys.Index(i)
		w.path[top].key = key
		if m.refFreeKeys {
			w.write(encodings[i])
		} else {
			// Walked again, in place, so that references it shares with
			// the rest of the value are kept.
			walkKey(w, key)
		}
		walkElem(w, elems.Index(i))
	}
	w.pop()
	w.leave()
}

// entries copies the keys and values of map v into two slices, in
// iteration order, so that they can be visited in any order without a
// lookup each.
func (m mapWalk) entries(v reflect.Value) (keys, elems reflect.Value) {
	n := v.Len()
	keys, elems = reflect.MakeSlice(m.keys, n, n), reflect.MakeSlice(m.elems, n, n)
	it := v.MapRange()
	for i := 0; it.Next(); i++ {
		keys.Index(i).SetIterKey(it)
		elems.Index(i).SetIterValue(it)
	}
	return keys, elems
}

// sortKeys encodes each of keys on its own, with no references shared with
// the rest of the walk, and returns the encodings and the keys' indexes in
// the order of the encodings. Keys that encode alike (NaNs, distinct
// pointers to equal values) are left for breakTies. The encodings count
// against the budget.
func (w *walker) sortKeys(keys reflect.Value, walkKey walkFunc) (encodings [][]byte, order []int) {
	buf, dst, refs := w.buf, w.dst, w.refs
	w.buf, w.dst, w.refs = nil, nil, make(map[ref]int)
	ends := make([]int, keys.Len())
	top := w.push(step{elem: keys.Type().Elem()})
	for i := range ends {
		key := keys.Index(i)
		w.path[top].key = key
		clear(w.refs)
		walkKey(w, key)
		ends[i] = len(w.buf)
	}
	w.pop()
	enc := w.buf
	w.buf, w.dst, w.refs = buf, dst, refs
	w.spend(len(enc))

	encodings = make([][]byte, len(ends))
	order = make([]int, len(ends))
	start := 0
	for i, end := range ends {
		encodings[i], order[i] = enc[start:end], i
		start = end
	}
	slices.SortFunc(order, func(i, j int) int { return bytes.Compare(encodings[i], encodings[j]) })
	return encodings, order
}

// breakTies orders the entries whose keys encode alike by the encodings of
// their values, so that a map with NaN keys, or with distinct pointers to
// equal values as keys, encodes the same on every walk. Such runs are rare,
// and only their values are encoded twice.
func (w *walker) breakTies(keyEncodings [][]byte, order []int, elems reflect.Value, walkElem walkFunc) {
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && bytes.Equal(keyEncodings[order[start]], keyEncodings[order[end]]) {
			end++
		}
		if end-start > 1 {
			run := order[start:end]
			byValue := map[int][]byte{}
			for _, i := range run {
				byValue[i] = w.isolated(elems.Index(i), walkElem)
			}
			slices.SortStableFunc(run, func(i, j int) int { return bytes.Compare(byValue[i], byValue[j]) })
		}
		start = end
	}
}

// isolated returns the encoding of v on its own, with no references shared
// with the rest of the walk; it counts against the budget.
func (w *walker) isolated(v reflect.Value, walkFn walkFunc) []byte {
	buf, dst, refs := w.buf, w.dst, w.refs
	w.buf, w.dst, w.refs = nil, nil, make(map[ref]int)
	walkFn(w, v)
	enc := w.buf
	w.buf, w.dst, w.refs = buf, dst, refs
	w.spend(len(enc))
	return enc
}

func walkPointer(w *walker, v reflect.Value) {
	if v.IsNil() {
		w.writeByte(tagNil)
		return
	}
	if !w.enter(ref{addr: v.UnsafePointer(), typ: v.Type()}) {
		return
	}
	e := v.Elem()
	walkFuncFor(e.Type())(w, e)
	w.leave()
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
