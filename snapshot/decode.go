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
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// Decoding mirrors the walk: each type's decodeFunc reads what the type's
// walkFunc wrote, chosen by the same rules in the same order. Values are
// decoded into new, zeroed memory through its address, so that unexported
// fields are set like exported ones, and numeric memory is read in one go.
// Each region is allocated once, as an array of its element type, so that
// the garbage collector knows its pointers, and its views are made into it
// only after checking that the view's type lies there (see holds).

// A decodeFunc reads the encoding of a value of the type it was made for
// into v, an addressable zero value of that type.
type decodeFunc func(d *decoder, v reflect.Value)

// A typeDecoder is what decoding knows of a type.
type typeDecoder struct {
	decode decodeFunc
	// minSize is the fewest bytes a value of the type encodes to. Lengths
	// are checked against it, and a type whose encoding is always empty
	// (struct{}, or blank fields only) needs no decoding at all.
	minSize uint64
	raw     bool       // values are read as their memory, see rawLayout
	bools   boolLayout // where the booleans of a raw type lie
}

var typeDecoders sync.Map // map[reflect.Type]*typeDecoder

// decoderFor returns the typeDecoder of t, making it on first use.
func decoderFor(t reflect.Type) *typeDecoder {
	if td, ok := typeDecoders.Load(t); ok {
		return td.(*typeDecoder)
	}
	td := &typeDecoder{decode: newDecodeFunc(t), minSize: minEncodedSize(t), raw: rawLayout(t)}
	if td.minSize == 0 {
		td.decode = decodeNothing
	}
	if td.raw {
		td.bools = boolLayoutOf(t)
	}
	actual, _ := typeDecoders.LoadOrStore(t, td)
	return actual.(*typeDecoder)
}

// newDecodeFunc makes the decodeFunc of t, by the rules of newWalkFunc. Like
// the walk, it looks no deeper into t than arrays and struct fields, so that
// recursive types need no recursion here.
func newDecodeFunc(t reflect.Type) decodeFunc {
	if isWrapper(t) {
		return decodeWrapper
	}
	if f := specialDecodeFunc(t); f != nil {
		return f
	}
	if rawLayout(t) {
		return rawDecode{bools: boolLayoutOf(t)}.decode
	}
	switch t.Kind() {
	case reflect.String:
		return decodeString
	case reflect.Array:
		return decodeArray
	case reflect.Slice:
		return newSliceDecode(t).decode
	case reflect.Struct:
		return newStructDecode(t).decode
	case reflect.Map:
		return decodeMap
	case reflect.Pointer:
		return decodePointer
	case reflect.Interface:
		return decodeInterface
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return decodeNilOnly
	case reflect.Uintptr:
		return decodeUintptr
	}
	return decodeNumber
}

func isWrapper(t reflect.Type) bool { return wrapperWalkFunc(t) != nil }

// specialDecodeFunc returns the decodeFunc of the types specialWalkFunc
// walks specially, or nil.
func specialDecodeFunc(t reflect.Type) decodeFunc {
	switch {
	case t.Kind() == reflect.Struct && t.ConvertibleTo(timeType):
		return decodeTime
	case t == locationType:
		return decodeLocation
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface:
		return nil
	case encodesItself(t):
		return selfDecode{binary: t.Implements(binaryMarshalerType)}.decode
	case encodesItself(reflect.PointerTo(t)):
		return selfDecode{binary: reflect.PointerTo(t).Implements(binaryMarshalerType)}.decode
	}
	return nil
}

// minEncodedSize returns the fewest bytes the walk writes for a value of t.
func minEncodedSize(t reflect.Type) uint64 {
	switch {
	case isWrapper(t):
		return 1 // a tag
	case t.Kind() == reflect.Struct && t.ConvertibleTo(timeType):
		return 8 + 4 + 1 + 4 // seconds, nanoseconds, an empty name, offset
	case specialWalkFunc(t) != nil:
		return 1 // a length
	case rawLayout(t):
		return uint64(t.Size())
	}
	switch t.Kind() {
	case reflect.Array:
		return saturatingMul(uint64(t.Len()), minEncodedSize(t.Elem()))
	case reflect.Struct:
		var n uint64
		for i := range t.NumField() {
			if f := t.Field(i); f.Name != "_" {
				n = saturatingAdd(n, minEncodedSize(f.Type))
			}
		}
		return n
	case reflect.String, reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface,
		reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return 1 // a length or a tag
	}
	return uint64(max(numberSize(t.Kind()), 1))
}

func saturatingAdd(a, b uint64) uint64 {
	if a+b < a {
		return math.MaxUint64
	}
	return a + b
}

func saturatingMul(a, b uint64) uint64 {
	if a != 0 && b > math.MaxUint64/a {
		return math.MaxUint64
	}
	return a * b
}

// freeAlloc is how many bytes of memory a length may claim for values that
// encode to nothing (structs of blank fields only), which the input cannot
// bound. Beyond it, each such value counts as one byte of input.
const freeAlloc = 1 << 20

// errDecodePanicked marks a panic recovered during decoding, which a corrupt
// input should never cause: the fuzz test looks for it.
var errDecodePanicked = errors.New("decoding panicked")

// A decodeFailure carries an error from deep in the decoding up to Decode,
// as a walkError does for the walk.
type decodeFailure struct{ err error }

// A decoder holds the state of one Decode.
type decoder struct {
	in     *decodeInput
	root   reflect.Type // the type asked for, or nil
	types  TypeResolver // may be nil
	own    TypeResolver // made from root when types does not know a type
	rewrap Rewrapper    // types, if it is one

	// refs holds, by visit index, the index of each region (from 0) or
	// reference (from -1 down) in regions or values.
	refs       []int
	regions    chunkList[decodedRegion]
	values     chunkList[reflect.Value] // maps, and pointers and slices that reach no region
	refDepth   int                      // regions and references entered, bounded as in the walk
	dynDepth   int                      // interfaces entered, bounded alike
	slackLeft  uint64                   // bytes regions may still hold beyond their content, see maxSlack
	path       []decodeStep
	described  map[string]reflect.Type // type descriptions read so far, as read
	scratch    []byte
	zones      map[string]*time.Location // loaded by name; nil when none loads
	fixedZones map[zoneKey]*time.Location
	handedOut  map[*time.Location]bool // locations a *time.Location holds
}

type zoneKey struct {
	name   string
	offset int
}

func newDecoder(in *decodeInput, t reflect.Type, types TypeResolver) *decoder {
	d := &decoder{in: in, root: t, types: types, described: make(map[string]reflect.Type)}
	d.slackLeft = maxSlack(in.remaining())
	d.rewrap, _ = types.(Rewrapper)
	return d
}

func (d *decoder) fail(format string, args ...any) {
	panic(decodeFailure{fmt.Errorf(format, args...)})
}

// recovered turns a panic of the decoding into its error. Panics other than
// a decodeFailure come from reflect, or from the UnmarshalBinary and Rewrap
// methods decoding calls; they make the input undecodable.
func (d *decoder) recovered(r any) error {
	err := fmt.Errorf("%w: %v", errDecodePanicked, r)
	if f, ok := r.(decodeFailure); ok {
		err = f.err
	}
	return &DecodeError{Path: d.pathString(), Offset: d.in.consumed, Err: err}
}

// decodeRoot reads the whole input: the format version, then the root,
// written as an interface holding it.
func (d *decoder) decodeRoot() reflect.Value {
	switch version := d.readByte(); version {
	case formatVersion:
	case 1:
		d.fail("format version 1, which kept shared memory only between identical references, is no longer read (this is version %d)", formatVersion)
	default:
		d.fail("format version %d, not %d", version, formatVersion)
	}
	var v reflect.Value
	switch tag := d.readByte(); tag {
	case tagNil:
	case tagValue:
		v = d.decodeRootValue()
	default:
		d.fail("tag %d opens the root, not %d or %d", tag, tagNil, tagValue)
	}
	if d.in.more() {
		d.fail("input goes on after the value")
	}
	return v
}

func (d *decoder) decodeRootValue() reflect.Value {
	var t reflect.Type
	if d.root == nil {
		t = d.readType()
	} else {
		kind, name, pkgPath := d.readTypeName()
		t = d.root
		if kind != t.Kind() || withoutTags(name) != withoutTags(t.String()) || pkgPath != t.PkgPath() {
			d.fail("the input holds a %s (%v, package %q), not a %s", name, kind, pkgPath, t)
		}
	}
	d.reserve(1, t)
	v := reflect.New(t).Elem()
	decoderFor(t).decode(d, v)
	return v
}

// structTag matches the tags in a type's String(): the only quoted strings in it.
var structTag = regexp.MustCompile(`\s*"(?:[^"\\]|\\.)*"`)

// withoutTags returns a type's String() without its struct tags. Types that
// differ only in tags have the same fields in the same places, and Go
// converts between them: a value decodes as either. An interpreter that
// tags the fields of a cell's type in one session and not in another
// (tags it adds for its own purposes) still restores the value.
func withoutTags(typeString string) string {
	if !strings.Contains(typeString, `"`) {
		return typeString
	}
	return structTag.ReplaceAllString(typeString, "")
}

// A decodeStep leads from a value to one of its parts, as a step does in
// the walk.
type decodeStep struct {
	field  string        // a struct field's name
	dyn    reflect.Type  // an interface's dynamic type
	key    reflect.Value // the key of the map entry whose value is decoded
	index  int           // an element's index, or the index of a map key
	mapKey bool          // a map key is decoded, the index-th
}

func (d *decoder) push(s decodeStep) int {
	d.path = append(d.path, s)
	return len(d.path) - 1
}

func (d *decoder) pop() { d.path = d.path[:len(d.path)-1] }

func (d *decoder) pathString() string {
	var b strings.Builder
	for _, s := range d.path {
		switch {
		case s.field != "":
			b.WriteString("." + s.field)
		case s.dyn != nil:
			b.WriteString(".(" + s.dyn.String() + ")")
		case s.key.IsValid():
			fmt.Fprintf(&b, "[%#v]", s.key)
		case s.mapKey:
			fmt.Fprintf(&b, "[key %d]", s.index)
		default:
			fmt.Fprintf(&b, "[%d]", s.index)
		}
	}
	return b.String()
}

// Reading.

func (d *decoder) check(err error) {
	if err != nil {
		panic(decodeFailure{err})
	}
}

func (d *decoder) readByte() byte {
	b, err := d.in.readByte()
	d.check(err)
	return b
}

func (d *decoder) readUvarint() uint64 {
	x, err := d.in.readUvarint()
	d.check(err)
	return x
}

// readNumber reads the size low bytes of a little-endian number.
func (d *decoder) readNumber(size int) uint64 {
	var b [8]byte
	d.check(d.in.readFull(b[:size]))
	return binary.LittleEndian.Uint64(b[:])
}

func (d *decoder) readString() string {
	n := d.count(1)
	if n == 0 {
		return ""
	}
	if p := d.in.peek(n); p != nil {
		s := string(p)
		d.in.skip(n)
		return s
	}
	b := make([]byte, n)
	d.check(d.in.readFull(b))
	return unsafe.String(&b[0], n)
}

// readRaw reads the memory of values of a raw layout, whose booleans lie as
// bools says.
func (d *decoder) readRaw(p []byte, bools boolLayout) {
	d.check(d.in.readFull(p))
	if !bools.valid(p) {
		d.fail("a boolean is neither 0 nor 1")
	}
}

// count reads a length and checks that the rest of the input can hold that
// many values encoded in at least perValue bytes each.
func (d *decoder) count(perValue uint64) int {
	n := d.readUvarint()
	d.reserveBytes(n, perValue)
	return int(n)
}

// reserve fails unless the rest of the input can hold n encoded values of
// t: the check that keeps a corrupt length from allocating memory no input
// of this size could fill.
func (d *decoder) reserve(n uint64, t reflect.Type) {
	per := decoderFor(t).minSize
	if per == 0 && t.Size() > 0 && saturatingMul(n, uint64(t.Size())) > freeAlloc {
		per = 1
	}
	d.reserveBytes(n, per)
}

func (d *decoder) reserveBytes(n, perValue uint64) {
	if n > uint64(maxInt) {
		d.fail("length %d is larger than any slice", n)
	}
	if left := uint64(d.in.remaining()); perValue > 0 && n > left/perValue {
		// Truncated, or a corrupt length: either way there is too little input.
		d.fail("length %d needs at least %d bytes of input, %d are left: %w", n, saturatingMul(n, perValue), left, io.ErrUnexpectedEOF)
	}
}

// Types.

// readTypeName reads the description of a type.
func (d *decoder) readTypeName() (kind reflect.Kind, name, pkgPath string) {
	kind = reflect.Kind(d.readByte())
	return kind, d.readString(), d.readString()
}

// readType reads the description of a type and returns the type it names.
// The types of one input are few and the values of each many, so each
// description is resolved once and then found by its bytes.
func (d *decoder) readType() reflect.Type {
	desc := append(d.scratch[:0], d.readByte())
	for range 2 { // the name, then the package path
		n := d.count(1)
		desc = binary.AppendUvarint(desc, uint64(n))
		at := len(desc)
		desc = slices.Grow(desc, n)[:at+n]
		d.check(d.in.readFull(desc[at:]))
	}
	d.scratch = desc
	if t, ok := d.described[string(desc)]; ok {
		return t
	}
	t := d.resolve(decodeTypeName(desc))
	d.described[string(desc)] = t
	return t
}

// decodeTypeName splits a type description read by readType.
func decodeTypeName(desc []byte) (kind reflect.Kind, name, pkgPath string) {
	kind, rest := reflect.Kind(desc[0]), desc[1:]
	var parts [2]string
	for i := range parts {
		n, size := binary.Uvarint(rest)
		parts[i], rest = string(rest[size:size+int(n)]), rest[size+int(n):]
	}
	return kind, parts[0], parts[1]
}

// resolve returns the type named by kind, name and pkgPath, asking the
// caller's TypeResolver, then the types the root is built from.
func (d *decoder) resolve(kind reflect.Kind, name, pkgPath string) reflect.Type {
	if kind == reflect.Invalid || kind > reflect.UnsafePointer {
		d.fail("type %s has kind %d, which is no kind", name, kind)
	}
	t, ok := d.lookup(d.types, kind, name, pkgPath)
	if !ok && d.root != nil {
		if d.own == nil {
			d.own = NewTypeResolver(d.root)
		}
		t, ok = d.lookup(d.own, kind, name, pkgPath)
	}
	if ok {
		return t
	}
	d.fail("unknown type %s (%v, package %q): no TypeResolver knows it", name, kind, pkgPath)
	return nil
}

// lookup asks r, which may be nil, for a type, and checks its answer.
func (d *decoder) lookup(r TypeResolver, kind reflect.Kind, name, pkgPath string) (reflect.Type, bool) {
	if r == nil {
		return nil, false
	}
	t, ok := r.Resolve(kind, name, pkgPath)
	if ok && (t == nil || t.Kind() != kind || t.String() != name || t.PkgPath() != pkgPath) {
		d.fail("resolving type %s (%v, package %q) gave %v", name, kind, pkgPath, t)
	}
	return t, ok
}

// References.

// A decodedRegion is the memory of a region: n values of type elem from
// base, the first m of them its content.
type decodedRegion struct {
	base unsafe.Pointer
	elem reflect.Type
	n, m uintptr
}

// open reads the tag of a map, or of a pointer or slice that reaches no
// region, v. On a first visit it reports true: the caller makes the value,
// registers it before decoding its contents (which may refer back to it),
// then calls close. Otherwise it leaves v nil or sets it to the value
// referred back to.
func (d *decoder) open(v reflect.Value) bool {
	switch tag := d.readByte(); tag {
	case tagNil:
		return false
	case tagRef:
		if _, ok := d.backRef(v); ok {
			d.fail("a region of memory is referred back to as a %s, which is no view of one", v.Type())
		}
		return false
	case tagValue:
		d.deeper()
		return true
	default:
		d.fail("tag %d opens a %s, not %d, %d or %d", tag, v.Type(), tagNil, tagRef, tagValue)
		return false
	}
}

// backRef reads the index of a region or reference visited before. It
// returns the region, or sets v to the reference and reports false.
func (d *decoder) backRef(v reflect.Value) (decodedRegion, bool) {
	i := d.readUvarint()
	if i >= uint64(len(d.refs)) {
		d.fail("reference %d is not among the %d seen so far", i, len(d.refs))
	}
	j := d.refs[i]
	if j >= 0 {
		return *d.regions.at(j), true
	}
	r := *d.values.at(-1 - j)
	if r.Type() != v.Type() {
		d.fail("reference %d is a %s, not a %s", i, r.Type(), v.Type())
	}
	v.Set(r)
	return decodedRegion{}, false
}

// deeper counts a first visit, which close ends.
func (d *decoder) deeper() {
	if d.refDepth == maxDepth {
		d.fail("nested more than %d references deep", maxDepth)
	}
	d.refDepth++
}

// register gives r, a map or a pointer or slice that reaches no region,
// the next visit index.
func (d *decoder) register(r reflect.Value) { d.refs = append(d.refs, -1-d.values.add(r)) }

func (d *decoder) close() { d.refDepth-- }

// newPointer returns a pointer of type t to a new zero value of size 0.
// Every value of size 0 lies at one address in Go, which the walk takes for
// sharing; each gets a byte of its own, so that only the pointers that were
// shared come back shared.
func newPointer(t reflect.Type) reflect.Value {
	p := reflect.NewAt(t.Elem(), unsafe.Pointer(new(byte)))
	if p.Type() != t {
		p = p.Convert(t) // a named pointer type
	}
	return p
}

// newRegion allocates a region of n values of type elem, of which the first
// m are its content, and gives it the next visit index. The content is
// decoded by decodeRegion, once the views being decoded are set.
func (d *decoder) newRegion(elem reflect.Type, n, m uint64) decodedRegion {
	size := uint64(elem.Size())
	switch {
	case size == 0:
		d.fail("a region of %s, which take no memory", elem)
	case n == 0:
		d.fail("a region of no %s", elem)
	case m > n:
		d.fail("a region of %d %s has %d of content", n, elem, m)
	case n > uint64(maxInt)/size:
		d.fail("a region of %d %s is larger than any array", n, elem)
	}
	d.reserve(m, elem)
	if slack := (n - m) * size; slack <= d.slackLeft {
		d.slackLeft -= slack
	} else {
		d.fail("a region of %d %s holds %d bytes beyond its content, more than an input of this size may make Decode allocate", n, elem, slack)
	}
	r := decodedRegion{elem: elem, n: uintptr(n), m: uintptr(m)}
	if n == 1 {
		r.base = reflect.New(elem).UnsafePointer()
	} else {
		r.base = reflect.MakeSlice(reflect.SliceOf(elem), int(n), int(n)).UnsafePointer()
		if bytes := uintptr(n) * uintptr(size); bytes >= hugeRegion {
			adviseHugePages(r.base, bytes)
		}
	}
	d.refs = append(d.refs, d.regions.add(r))
	return r
}

// hugeRegion is the size from which a decoded region is given huge pages, before
// its content is read into it: past the point where a few partly used 2 MiB
// pages could matter.
const hugeRegion = 32 << 20

// readRegion reads the description of a new region that tag opens: for
// tagRegionOf its element type, else elem's; the number of its content
// values, and of all its values.
func (d *decoder) readRegion(tag byte, elem reflect.Type) decodedRegion {
	if tag == tagRegionOf {
		elem = d.readType()
	}
	m := d.readUvarint()
	return d.newRegion(elem, d.readUvarint(), m)
}

// readCap reads the capacity of a slice of length n.
func (d *decoder) readCap(n uint64) uint64 {
	c := d.readUvarint()
	if c < n {
		d.fail("capacity %d is less than length %d", c, n)
	}
	return c
}

// at returns where in r a view of type t (a pointer, or a slice of length
// n and capacity c) lies at byte offset off, after checking that the
// region's type holds the view's there and that the values the view uses
// lie within the content.
func (d *decoder) at(r decodedRegion, off uint64, t reflect.Type, n, c uint64) unsafe.Pointer {
	elem := t.Elem()
	content, size := uint64(r.m*r.elem.Size()), uint64(elem.Size())
	if size > 0 && off <= content && n <= (content-off)/size && c <= uint64(maxInt) &&
		holds(r.elem, r.n, uintptr(off), elem, uintptr(c)) {
		return unsafe.Add(r.base, off)
	}
	if t.Kind() == reflect.Pointer {
		d.fail("a %s cannot point at byte %d of a region of %d %s, %d of them content", t, off, r.n, r.elem, r.m)
	}
	d.fail("a %s of length %d and capacity %d cannot start at byte %d of a region of %d %s, %d of them content", t, n, c, off, r.n, r.elem, r.m)
	return nil
}

// pointInto sets v, a pointer, to byte offset off of r.
func (d *decoder) pointInto(v reflect.Value, r decodedRegion, off uint64) {
	t := v.Type()
	p := reflect.NewAt(t.Elem(), d.at(r, off, t, 1, 1))
	if p.Type() != t {
		p = p.Convert(t) // a named pointer type
	}
	v.Set(p)
}

// readSlice reads the view of a slice into r, and sets v to it.
func (d *decoder) readSlice(v reflect.Value, r decodedRegion) {
	off := d.readUvarint()
	n := d.readUvarint()
	d.sliceInto(v, r, off, n, d.readCap(n))
}

// sliceInto sets v, a slice, to length n and capacity c from byte offset
// off of r.
func (d *decoder) sliceInto(v reflect.Value, r decodedRegion, off, n, c uint64) {
	t := v.Type()
	s := reflect.SliceAt(t.Elem(), d.at(r, off, t, n, c), int(c)).Slice(0, int(n))
	if s.Type() != t {
		s = s.Convert(t) // a named slice type
	}
	v.Set(s)
}

// decodeRegion decodes the content of r in place: as the elements of an
// array when elems is set, else as the one value r holds.
func (d *decoder) decodeRegion(r decodedRegion, elems bool) {
	td := decoderFor(r.elem)
	size := r.elem.Size()
	switch {
	case r.m == 0 || td.minSize == 0:
	case td.raw:
		d.readRaw(unsafe.Slice((*byte)(r.base), r.m*size), td.bools)
	case !elems:
		td.decode(d, reflect.NewAt(r.elem, r.base).Elem())
	default:
		values := reflect.SliceAt(r.elem, r.base, int(r.m))
		top := d.push(decodeStep{})
		for i := range int(r.m) {
			d.path[top].index = i
			td.decode(d, values.Index(i))
		}
		d.pop()
	}
}

// The decodeFuncs.

func decodeNothing(*decoder, reflect.Value) {}

// A rawDecode reads values whose memory is their encoding, see rawLayout.
type rawDecode struct{ bools boolLayout }

func (r rawDecode) decode(d *decoder, v reflect.Value) {
	d.readRaw(unsafe.Slice((*byte)(v.Addr().UnsafePointer()), v.Type().Size()), r.bools)
}

// decodeNumber reads a boolean or number through reflect, the mirror of
// walkNumber.
func decodeNumber(d *decoder, v reflect.Value) {
	size := int(min(numberSize(v.Kind()), 8)) // complex128: the real part first
	x := d.readNumber(size)
	switch v.Kind() {
	case reflect.Bool:
		if x > 1 {
			d.fail("a boolean is neither 0 nor 1")
		}
		v.SetBool(x == 1)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := signExtend(x, size)
		if v.OverflowInt(i) {
			d.fail("%d does not fit in a %s", i, v.Type())
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if v.OverflowUint(x) {
			d.fail("%d does not fit in a %s", x, v.Type())
		}
		v.SetUint(x)
	case reflect.Float32:
		v.SetFloat(float64(math.Float32frombits(uint32(x))))
	case reflect.Float64:
		v.SetFloat(math.Float64frombits(x))
	case reflect.Complex64:
		v.SetComplex(complex(float64(math.Float32frombits(uint32(x))), float64(math.Float32frombits(uint32(x>>32)))))
	case reflect.Complex128:
		v.SetComplex(complex(math.Float64frombits(x), math.Float64frombits(d.readNumber(8))))
	}
}

func signExtend(x uint64, size int) int64 {
	shift := 64 - 8*size
	return int64(x<<shift) >> shift
}

func decodeString(d *decoder, v reflect.Value) { v.SetString(d.readString()) }

func decodeArray(d *decoder, v reflect.Value) {
	decodeElems(d, v, v.Len(), v.Type().Elem())
}

// decodeElems decodes the first n elements of the array or slice v.
func decodeElems(d *decoder, v reflect.Value, n int, elem reflect.Type) {
	decodeElem := decoderFor(elem).decode
	top := d.push(decodeStep{})
	for i := range n {
		d.path[top].index = i
		decodeElem(d, v.Index(i))
	}
	d.pop()
}

type sliceDecode struct{ elem reflect.Type }

func newSliceDecode(t reflect.Type) sliceDecode { return sliceDecode{elem: t.Elem()} }

func (s sliceDecode) decode(d *decoder, v reflect.Value) {
	viewed := s.elem.Size() > 0
	switch tag := d.readByte(); {
	case tag == tagNil:
	case tag == tagRef:
		if r, ok := d.backRef(v); ok {
			if !viewed {
				d.fail("a %s is a view of a region of memory, which the walk never writes", v.Type())
			}
			d.readSlice(v, r)
		}
	case tag == tagValue:
		d.deeper()
		n := d.readUvarint()
		if c := d.readCap(n); viewed && c > 0 {
			r := d.newRegion(s.elem, c, n)
			d.sliceInto(v, r, 0, n, c)
			d.decodeRegion(r, true)
		} else {
			d.decodeUnviewed(v, n, c)
		}
		d.close()
	case viewed && (tag == tagRegion || tag == tagRegionOf):
		d.deeper()
		r := d.readRegion(tag, s.elem)
		d.readSlice(v, r)
		d.decodeRegion(r, true)
		d.close()
	default:
		d.fail("tag %d opens a %s, not one the walk writes for it", tag, v.Type())
	}
}

// decodeUnviewed decodes a slice that reaches no memory: of capacity 0, or
// of values of size 0. Its array gets an address of its own, for the reason
// given at newPointer.
func (d *decoder) decodeUnviewed(v reflect.Value, n, c uint64) {
	t := v.Type()
	if c > uint64(maxInt) {
		d.fail("capacity %d is larger than any slice's", c)
	}
	d.reserve(n, t.Elem())
	s := reflect.SliceAt(t.Elem(), unsafe.Pointer(new(byte)), int(c)).Slice(0, int(n))
	if s.Type() != t {
		s = s.Convert(t) // a named slice type
	}
	d.register(s)
	v.Set(s)
	if decoderFor(t.Elem()).minSize > 0 {
		decodeElems(d, s, int(n), t.Elem())
	}
}

// A structDecode decodes a struct's fields in order, the mirror of a
// structWalk: spans of raw fields are read in one go.
type structDecode []fieldDecode

// A fieldDecode decodes one field, or a span of raw fields when decode is nil.
type fieldDecode struct {
	name   string
	typ    reflect.Type
	offset uintptr
	size   uintptr    // of the span
	bools  boolLayout // of the span
	decode decodeFunc
}

func newStructDecode(t reflect.Type) structDecode {
	var s structDecode
	for _, w := range newStructWalk(t) {
		f := fieldDecode{name: w.name, typ: w.typ, offset: w.offset, size: w.size}
		if w.walk == nil {
			f.bools = spanBoolLayout(t, f.offset, f.size)
		} else {
			f.decode = decoderFor(w.typ).decode
		}
		s = append(s, f)
	}
	return s
}

// decode sets every field through its address, exported or not: fields
// reached by reflect.NewAt have no read-only flag.
func (s structDecode) decode(d *decoder, v reflect.Value) {
	base := v.Addr().UnsafePointer()
	top := d.push(decodeStep{})
	for i := range s {
		f := &s[i]
		d.path[top].field = f.name
		at := unsafe.Add(base, f.offset)
		if f.decode == nil {
			d.readRaw(unsafe.Slice((*byte)(at), f.size), f.bools)
			continue
		}
		f.decode(d, reflect.NewAt(f.typ, at).Elem())
	}
	d.pop()
}

// decodeMap decodes a map's entries into fresh scratch values, which
// SetMapIndex copies. Decoding refuses an entry whose key is already in the
// map: the walk never writes one.
func decodeMap(d *decoder, v reflect.Value) {
	if !d.open(v) {
		return
	}
	t := v.Type()
	keyDecoder, elemDecoder := decoderFor(t.Key()), decoderFor(t.Elem())
	n := d.readUvarint()
	if per := saturatingAdd(keyDecoder.minSize, elemDecoder.minSize); per > 0 {
		d.reserveBytes(n, per)
	} else if n > 1 {
		d.fail("%d entries of a %s, whose keys are all equal", n, t)
	}
	m := reflect.MakeMapWithSize(t, int(n))
	d.register(m)
	v.Set(m)
	key, elem := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
	top := d.push(decodeStep{mapKey: true})
	for i := range int(n) {
		key.SetZero()
		elem.SetZero()
		d.path[top] = decodeStep{mapKey: true, index: i}
		keyDecoder.decode(d, key)
		if !key.Comparable() {
			d.fail("%v cannot be a map key", key)
		}
		d.path[top].key = key
		elemDecoder.decode(d, elem)
		m.SetMapIndex(key, elem)
		if m.Len() != i+1 {
			d.fail("the key is already in the map")
		}
	}
	d.pop()
	d.close()
}

func decodePointer(d *decoder, v reflect.Value) {
	t := v.Type()
	elem := t.Elem()
	viewed := inRegion(elem)
	switch tag := d.readByte(); {
	case tag == tagNil:
	case tag == tagRef:
		if r, ok := d.backRef(v); ok {
			if !viewed {
				d.fail("a %s points into a region of memory, which the walk never writes", t)
			}
			d.pointInto(v, r, d.readUvarint())
		}
	case tag == tagValue:
		d.deeper()
		switch {
		case viewed:
			r := d.newRegion(elem, 1, 1)
			d.pointInto(v, r, 0)
			d.decodeRegion(r, false)
		case elem == locationType:
			// Known by its name, and the same as time.UTC, time.Local or a
			// loaded location where possible.
			p := reflect.ValueOf(d.locationPointer(d.readString())).Convert(t)
			d.register(p)
			v.Set(p)
		default:
			p := newPointer(t)
			d.register(p)
			v.Set(p)
			decoderFor(elem).decode(d, p.Elem())
		}
		d.close()
	case viewed && (tag == tagRegion || tag == tagRegionOf):
		d.deeper()
		r := d.readRegion(tag, elem)
		d.pointInto(v, r, d.readUvarint())
		d.decodeRegion(r, r.n > 1)
		d.close()
	default:
		d.fail("tag %d opens a %s, not one the walk writes for it", tag, t)
	}
}

func decodeInterface(d *decoder, v reflect.Value) {
	switch tag := d.readByte(); tag {
	case tagNil:
		return
	case tagValue:
	default:
		d.fail("tag %d opens an interface, not %d or %d", tag, tagNil, tagValue)
	}
	dyn := d.readType()
	if !dyn.Implements(v.Type()) {
		d.fail("%s does not implement %s", dyn, v.Type())
	}
	v.Set(d.decodeDynamic(dyn))
}

// decodeDynamic decodes the value of an interface or a wrapper, of type dyn.
func (d *decoder) decodeDynamic(dyn reflect.Type) reflect.Value {
	if dyn.Kind() == reflect.Interface {
		d.fail("an interface holds a value of interface type %s", dyn)
	}
	if d.dynDepth == maxDepth {
		d.fail("nested more than %d interfaces deep", maxDepth)
	}
	d.reserve(1, dyn)
	d.dynDepth++
	d.push(decodeStep{dyn: dyn})
	x := reflect.New(dyn).Elem()
	decoderFor(dyn).decode(d, x)
	d.pop()
	d.dynDepth--
	return x
}

// decodeWrapper decodes the value a registered wrapper stood for, and has
// the Rewrapper build the wrapper around it.
func decodeWrapper(d *decoder, v reflect.Value) {
	t := v.Type()
	if d.rewrap == nil {
		d.fail("%s is a registered wrapper, and the TypeResolver is no Rewrapper", t)
	}
	var inner reflect.Value
	switch tag := d.readByte(); tag {
	case tagNil:
	case tagValue:
		inner = d.decodeDynamic(d.readType())
	default:
		d.fail("tag %d opens a %s, not %d or %d", tag, t, tagNil, tagValue)
	}
	w, err := d.rewrap.Rewrap(t, inner)
	if err != nil {
		d.fail("rewrapping a %s: %w", t, err)
	}
	if !w.IsValid() || w.Type() != t {
		d.fail("rewrapping a %s gave %v", t, w)
	}
	v.Set(w)
}

func decodeNilOnly(d *decoder, v reflect.Value) {
	if tag := d.readByte(); tag != tagNil {
		d.fail("tag %d opens a %s, of which only nil is encoded", tag, v.Type())
	}
}

func decodeUintptr(d *decoder, v reflect.Value) {
	d.fail("a %s is never encoded", v.Type())
}

// Times and locations.

func decodeTime(d *decoder, v reflect.Value) {
	sec, nsec := int64(d.readNumber(8)), d.readNumber(4)
	name, offset := d.readString(), int(int32(d.readNumber(4)))
	if nsec >= 1e9 {
		d.fail("time has %d nanoseconds", nsec)
	}
	t := time.Unix(sec, int64(nsec))
	t = t.In(d.zone(name, offset, t))
	v.Set(reflect.ValueOf(t).Convert(v.Type()))
}

// zone returns the location of a time encoded with the location name and
// zone offset: the location of that name if it gives the time that offset,
// else a fixed zone with both. A time is encoded as it was seen, so a zone
// database that disagrees with the offset (another version of it, another
// machine's Local) does not get to change it.
func (d *decoder) zone(name string, offset int, t time.Time) *time.Location {
	if loc := d.location(name); loc != nil {
		if _, off := t.In(loc).Zone(); off == offset {
			return loc
		}
	}
	k := zoneKey{name, offset}
	loc, ok := d.fixedZones[k]
	if !ok {
		loc = time.FixedZone(name, offset)
		if d.fixedZones == nil {
			d.fixedZones = make(map[zoneKey]*time.Location)
		}
		d.fixedZones[k] = loc
	}
	return loc
}

// location returns the location called name, or nil if none loads under
// that name. Loading reads the zone database, so each name is loaded once.
func (d *decoder) location(name string) *time.Location {
	loc, ok := d.zones[name]
	if ok {
		return loc
	}
	switch name {
	case "UTC":
		loc = time.UTC
	case "Local":
		loc = time.Local
	default:
		if l, err := time.LoadLocation(name); err == nil && l.String() == name {
			loc = l
		}
	}
	if d.zones == nil {
		d.zones = make(map[string]*time.Location)
	}
	d.zones[name] = loc
	return loc
}

func (d *decoder) mustLocation(name string) *time.Location {
	loc := d.location(name)
	if loc == nil {
		d.fail("no location is called %q here", name)
	}
	return loc
}

func decodeLocation(d *decoder, v reflect.Value) {
	v.Set(reflect.ValueOf(d.mustLocation(d.readString())).Elem())
}

// locationPointer returns a pointer to the location called name, for a
// *time.Location's first visit: the location itself the first time (so
// that time.UTC comes back as time.UTC), a copy of it after, as distinct
// pointers were encoded.
func (d *decoder) locationPointer(name string) *time.Location {
	loc := d.mustLocation(name)
	if d.handedOut[loc] {
		c := *loc
		return &c
	}
	if d.handedOut == nil {
		d.handedOut = make(map[*time.Location]bool)
	}
	d.handedOut[loc] = true
	return loc
}

// Self-encoding types.

// A selfDecode decodes a compiled type that encodes itself, with
// UnmarshalBinary when it was encoded with MarshalBinary, with GobDecode
// when with GobEncode.
type selfDecode struct{ binary bool }

type gobDecoder interface {
	GobDecode([]byte) error
}

func (s selfDecode) decode(d *decoder, v reflect.Value) {
	// The data is the value's own: decoders may keep it.
	data := make([]byte, d.count(1))
	d.check(d.in.readFull(data))
	var err error
	switch p := v.Addr().Interface(); {
	case s.binary:
		u, ok := p.(encoding.BinaryUnmarshaler)
		if !ok {
			d.fail("%s encodes itself with MarshalBinary, but has no UnmarshalBinary", v.Type())
		}
		err = u.UnmarshalBinary(data)
	default:
		u, ok := p.(gobDecoder)
		if !ok {
			d.fail("%s encodes itself with GobEncode, but has no GobDecode", v.Type())
		}
		err = u.GobDecode(data)
	}
	if err == nil {
		return
	}
	// Some types encode their zero value but refuse to decode it (an
	// empty mat.Dense): it is restored as the zero value it was.
	if bytes.Equal(data, s.zeroEncoding(v.Type())) {
		v.SetZero()
		return
	}
	d.fail("%s decoding itself: %w", v.Type(), err)
}

// zeroEncoding returns how the zero value of t encodes itself, or nil if it
// does not.
func (s selfDecode) zeroEncoding(t reflect.Type) (data []byte) {
	defer func() {
		if recover() != nil {
			data = nil
		}
	}()
	var err error
	switch z := reflect.New(t).Interface(); {
	case s.binary:
		data, err = z.(encoding.BinaryMarshaler).MarshalBinary()
	default:
		data, err = z.(gobEncoder).GobEncode()
	}
	if err != nil {
		return nil
	}
	return data
}

// Booleans in raw memory.

// A boolLayout says where the booleans lie in values of a raw layout, whose
// bytes there must be 0 or 1: anything else is a bool Go cannot handle.
type boolLayout struct {
	all     bool      // every byte is a boolean
	offsets []uintptr // else the booleans' offsets in one value
	stride  uintptr   // the size of one value
}

func boolLayoutOf(t reflect.Type) boolLayout {
	if allBool(t) {
		return boolLayout{all: t.Size() > 0, stride: t.Size()}
	}
	b := boolLayout{stride: t.Size()}
	appendBoolOffsets(&b.offsets, t, 0)
	return b
}

// spanBoolLayout returns the layout of the booleans in the span of a
// struct's raw fields that starts at offset and is size bytes long.
func spanBoolLayout(t reflect.Type, offset, size uintptr) boolLayout {
	b := boolLayout{all: true, stride: size}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Offset < offset || f.Offset >= offset+size {
			continue
		}
		b.all = b.all && allBool(f.Type)
		appendBoolOffsets(&b.offsets, f.Type, f.Offset-offset)
	}
	if b.all {
		b.offsets = nil
	}
	return b
}

// allBool reports whether every byte of a value of raw type t is a boolean.
func allBool(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool:
		return true
	case reflect.Array:
		return allBool(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !allBool(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

func appendBoolOffsets(offsets *[]uintptr, t reflect.Type, base uintptr) {
	switch t.Kind() {
	case reflect.Bool:
		*offsets = append(*offsets, base)
	case reflect.Array:
		if !hasBool(t.Elem()) {
			return
		}
		for i := range t.Len() {
			appendBoolOffsets(offsets, t.Elem(), base+uintptr(i)*t.Elem().Size())
		}
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			appendBoolOffsets(offsets, f.Type, base+f.Offset)
		}
	}
}

func hasBool(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool:
		return true
	case reflect.Array:
		return t.Len() > 0 && hasBool(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if hasBool(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// valid reports whether p, the memory of whole values, holds only 0 or 1
// where booleans lie.
func (b boolLayout) valid(p []byte) bool {
	switch {
	case b.all:
		for _, c := range p {
			if c > 1 {
				return false
			}
		}
	case len(b.offsets) > 0:
		for base := uintptr(0); base < uintptr(len(p)); base += b.stride {
			for _, o := range b.offsets {
				if p[base+o] > 1 {
					return false
				}
			}
		}
	}
	return true
}

// The input.

// A decodeInput reads the input through a buffer, and knows at most how
// many bytes are left in it.
type decodeInput struct {
	r        io.Reader
	buf      []byte // buf[pos:] is read from r and not yet consumed
	pos      int
	srcLeft  int64 // at most how many bytes r still holds
	consumed int64 // bytes consumed: the offset of buf[pos] in the input
}

// decodeBufferSize is how many bytes the input reads at a time; longer
// reads go straight into the memory of the value read.
const decodeBufferSize = flushSize

func newDecodeInput(r io.Reader) (*decodeInput, error) {
	in := &decodeInput{r: r}
	switch s := r.(type) {
	case *bytes.Reader:
		in.srcLeft = int64(s.Len())
	case *bytes.Buffer:
		in.srcLeft = int64(s.Len())
	case *strings.Reader:
		in.srcLeft = int64(s.Len())
	case *io.LimitedReader:
		in.srcLeft = max(s.N, 0)
	default:
		data, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		in.r, in.buf = bytes.NewReader(nil), data
	}
	return in, nil
}

func (in *decodeInput) buffered() int { return len(in.buf) - in.pos }

// remaining returns at most how many bytes are left to consume.
func (in *decodeInput) remaining() int64 { return int64(in.buffered()) + in.srcLeft }

// fill makes n bytes, n ≤ decodeBufferSize, available in buf[pos:], or
// returns io.ErrUnexpectedEOF with what is left available.
func (in *decodeInput) fill(n int) error {
	if in.buffered() >= n {
		return nil
	}
	if in.srcLeft == 0 {
		return io.ErrUnexpectedEOF
	}
	if cap(in.buf) < decodeBufferSize {
		size := int(min(int64(decodeBufferSize), in.remaining()))
		in.buf = append(make([]byte, 0, max(size, n)), in.buf[in.pos:]...)
	} else {
		in.buf = in.buf[:copy(in.buf[:cap(in.buf)], in.buf[in.pos:])]
	}
	in.pos = 0
	have := len(in.buf)
	m, err := io.ReadAtLeast(in.r, in.buf[have:cap(in.buf)], n-have)
	in.buf = in.buf[:have+m]
	in.srcLeft = max(in.srcLeft-int64(m), 0)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		in.srcLeft = 0
		return io.ErrUnexpectedEOF
	}
	return err
}

// more reports whether any byte is left.
func (in *decodeInput) more() bool { return in.fill(1) == nil }

// peek returns the next n bytes without consuming them if they are in the
// buffer or fit in it, nil otherwise or on an error.
func (in *decodeInput) peek(n int) []byte {
	if n > decodeBufferSize && in.buffered() < n {
		return nil
	}
	if in.fill(n) != nil {
		return nil
	}
	return in.buf[in.pos : in.pos+n]
}

func (in *decodeInput) skip(n int) {
	in.pos += n
	in.consumed += int64(n)
}

func (in *decodeInput) readByte() (byte, error) {
	if err := in.fill(1); err != nil {
		return 0, err
	}
	b := in.buf[in.pos]
	in.skip(1)
	return b, nil
}

// readUvarint reads a varint in its shortest form, the one the walk writes,
// so that an input decodes to a value only if it is that value's encoding.
func (in *decodeInput) readUvarint() (uint64, error) {
	if in.buffered() < binary.MaxVarintLen64 {
		// What is left of the input may be shorter, and enough.
		if err := in.fill(binary.MaxVarintLen64); err != nil && err != io.ErrUnexpectedEOF {
			return 0, err
		}
	}
	x, n := binary.Uvarint(in.buf[in.pos:])
	switch {
	case n == 0:
		return 0, io.ErrUnexpectedEOF
	case n < 0:
		return 0, errors.New("a varint overflows 64 bits")
	case n > 1 && in.buf[in.pos+n-1] == 0:
		return 0, errors.New("a varint is not in its shortest form")
	}
	in.skip(n)
	return x, nil
}

// readLarge reads len(p) bytes straight from the reader, in parallel when it is
// a value's chunks (ObjectStore.OpenValue).
func (in *decodeInput) readLarge(p []byte) (int, error) {
	if lr, ok := in.r.(*io.LimitedReader); ok && int64(len(p)) <= lr.N {
		if cr, ok := lr.R.(*chunkReader); ok {
			n, err := cr.readInto(p)
			lr.N -= int64(n)
			return n, err
		}
	}
	return io.ReadFull(in.r, p)
}

// readFull fills p from the input: from the buffer, then straight from the
// reader when what is left of p would not fit in the buffer.
func (in *decodeInput) readFull(p []byte) error {
	n := copy(p, in.buf[in.pos:])
	in.skip(n)
	p = p[n:]
	if len(p) == 0 {
		return nil
	}
	if len(p) > decodeBufferSize {
		m, err := in.readLarge(p)
		in.consumed += int64(m)
		in.srcLeft = max(in.srcLeft-int64(m), 0)
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return err
	}
	if err := in.fill(len(p)); err != nil {
		return err
	}
	copy(p, in.buf[in.pos:])
	in.skip(len(p))
	return nil
}
