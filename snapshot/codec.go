package snapshot

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"
)

// The codec stores the walk's encoding (see walk.go) behind a header of one
// byte, the format version, and reads it back into new values. The hash of a
// value is the hash of the walk's encoding alone, so the header can change
// without changing what lineage recorded.

// formatVersion is the first byte of every encoding. It changes whenever the
// walk's encoding does, so that an encoding of another version is refused
// instead of misread. Version 1 kept the memory shared by identical
// pointers, slices and maps only; version 2 keeps all memory that pointers
// and slices share, as regions.
const formatVersion = 2

// Encode writes the encoding of v to w: the format version, then the walk's
// encoding of v, the one Hash hashes. The encoding keeps which memory the
// pointers and slices in v share, however they share it (a slice and its
// sub-slices, pointers to elements of a slice or into a struct another
// pointer reaches), and the capacity of slices, though not what lies in a
// slice's array beyond the length of every slice of it. Decode restores that
// sharing: writing through one of them after Decode changes what the others
// read, and append within capacity writes into the array they share.
//
// A value holding a non-nil func, channel or unsafe.Pointer, or a uintptr,
// gives an *UnhashableError, as do pointers and slices that share memory in
// a way no Go type lays out (which only unsafe conversions make), and slices
// whose capacity beyond their length takes more memory than Decode
// allocates for an encoding this size (see maxSlack); w may then have
// received part of the encoding, or all of it.
//
// To keep what memory is shared, Encode may walk v twice, as Hash does; into
// a writer other than a *bytes.Buffer or a *BlockWriter, which can take back
// what they were written, it finds the shared memory first instead, with a pass over the
// pointers, slices, maps and interfaces in v (numbers and strings are
// skipped). No goroutine may change v during the call (see Hash).
func Encode(w io.Writer, v reflect.Value) error {
	return EncodeFor(w, v, nil)
}

// EncodeFor is Encode for a value that will be decoded with types, perhaps in
// another process: it also refuses, with an *UnhashableError naming where, a
// value holding an interface whose dynamic type is a named type that neither
// types nor v's own type can resolve, which Decode would fail on. Such a type is
// one met only through an interface, unexported by its package (a plot ticker's
// concrete type): the process that made the value can name it, a new one
// cannot. Types without a name (struct { X int }, []T) are not checked: Decode
// builds them from their parts, and a caller may know more of those than types
// does; nor are registered wrappers (RegisterWrapper), which the Rewrapper
// rebuilds. With types nil, EncodeFor is Encode.
func EncodeFor(w io.Writer, v reflect.Value, types TypeResolver) error {
	if _, err := w.Write([]byte{formatVersion}); err != nil {
		return err
	}
	return encodeChecked(w, v, namer(v, types))
}

// Encodable returns the *UnhashableError that Encode would give for v, or
// nil if v can be encoded. A value that cannot be encoded (it holds a func
// or a channel) can only be recomputed, by replaying the cells that made it.
// Encodable walks all of v, as Encode does.
func Encodable(v reflect.Value) error {
	return EncodableFor(v, nil)
}

// EncodableFor returns the error EncodeFor would give for v and types.
func EncodableFor(v reflect.Value, types TypeResolver) error {
	return encodeChecked(io.Discard, v, namer(v, types))
}

// namer returns the check of the dynamic types an encoding of root names that
// Decode does, with types and then the types root is built from (see
// decoder.resolve); nil when types is nil, for no check.
func namer(root reflect.Value, types TypeResolver) func(reflect.Type) bool {
	if types == nil {
		return nil
	}
	var own TypeResolver
	known := map[reflect.Type]bool{}
	resolves := func(r TypeResolver, t reflect.Type) bool {
		got, ok := r.Resolve(t.Kind(), t.String(), t.PkgPath())
		return ok && got == t
	}
	return func(t reflect.Type) bool {
		// Registered wrappers are decoded by the Rewrapper, which knows their
		// types in every process that registers them.
		if t.Name() == "" || isWrapper(t) {
			return true
		}
		ok, seen := known[t]
		if !seen {
			ok = resolves(types, t)
			if !ok && root.IsValid() {
				if own == nil {
					own = NewTypeResolver(root.Type())
				}
				ok = resolves(own, t)
			}
			known[t] = ok
		}
		return ok
	}
}

// A rewindable writer can take back what it was written after a point, as a
// *bytes.Buffer and a *BlockWriter can: Encode then walks a value once, and
// again only when it shares memory in a way that must be laid out first.
type rewindable interface {
	io.Writer
	Len() int
	Truncate(n int)
}

// encodeChecked writes the walk's encoding of v to w, and refuses it when
// Decode would.
func encodeChecked(w io.Writer, v reflect.Value, named func(reflect.Type) bool) error {
	var wk *walker
	var err error
	switch b := w.(type) {
	case rewindable:
		start := b.Len()
		wk, err = walkHopeful(b, func() { b.Truncate(start) }, v, 0, named)
	default:
		if w == io.Discard {
			wk, err = walkHopeful(w, func() {}, v, 0, named)
		} else {
			wk, err = walkFound(w, v, 0, named)
		}
	}
	if err != nil {
		return err
	}
	size := 1 + wk.emitted // with the version
	if limit := maxSlack(size); wk.slack > limit {
		return &UnhashableError{Type: v.Type().String(), Reason: fmt.Sprintf(
			"its slices' arrays hold %s beyond what their lengths reach, more than Decode allocates for an encoding of %s (%s)",
			FormatSize(int64(min(wk.slack, math.MaxInt64))), FormatSize(size), FormatSize(int64(min(limit, math.MaxInt64))))}
	}
	return nil
}

// maxSlack returns how many bytes the regions of an encoding of size bytes
// may hold beyond their content (the capacity of slices past what their
// lengths reach): memory that Decode allocates and the input does not pay
// for, so it is bounded, lest a corrupt capacity of a few bytes exhaust
// memory. Slices grown by append have at most as much capacity beyond their
// length as within it, and the values within take at least a byte of
// encoding for every 16 bytes of memory; the rest is for slices made with a
// large capacity and few values yet.
func maxSlack(size int64) uint64 {
	return saturatingAdd(64<<20, saturatingMul(16, uint64(max(size, 0))))
}

// Decode reads an encoding written by Encode and returns a new value of type
// t that encodes the same, byte for byte, and equals the value encoded:
// memory that pointers and slices shared is shared again, as are maps,
// cycles are closed, slices have the capacity they had, unexported fields
// are set, nil and empty stay apart. Each region of shared memory is
// allocated once, with its type, and pointers and slices are made into it
// only where its type holds theirs. A nil t takes the type the encoding
// names, resolved like the dynamic type of an interface. The encoding of an
// invalid Value decodes as an invalid Value.
//
// The dynamic types of interfaces are looked up by the names the encoding
// gives them, first in types, then among the types t is built from (see
// NewTypeResolver); types may be nil. Values of registered wrapper types
// (see RegisterWrapper) are rebuilt by types, which must then also be a
// Rewrapper.
//
// Decode refuses a length that the rest of the input could not hold before
// allocating anything for it, so it must know how long the input is at most:
// it asks a *bytes.Reader, *bytes.Buffer or *strings.Reader for its Len and
// an *io.LimitedReader for its N, and reads any other reader to its end
// first. Large inputs are best passed in one of those forms, so that numeric
// slices are read straight into their memory. The capacity of slices beyond
// what their lengths reach, which no input pays for, is bounded as Encode
// bounds it (see maxSlack).
//
// Decode consumes all of r; bytes after the value are an error. Every
// failure, a corrupt input included, is a *DecodeError, never a panic. An
// encoding of another format version, such as one written before regions
// were kept, is refused.
func Decode(r io.Reader, t reflect.Type, types TypeResolver) (v reflect.Value, err error) {
	in, err := newDecodeInput(r)
	if err != nil {
		return reflect.Value{}, &DecodeError{Err: err}
	}
	d := newDecoder(in, t, types)
	defer func() {
		if r := recover(); r != nil {
			v, err = reflect.Value{}, d.recovered(r)
		}
	}()
	return d.decodeRoot(), nil
}

// A DecodeError reports why and where Decode failed.
type DecodeError struct {
	// Path leads from the root to the value being decoded, in Go syntax
	// (".f[3]", `["key"]`, ".(*main.Node)" for an interface's dynamic
	// value), or is "" for the root itself.
	Path   string
	Offset int64 // of the input byte where decoding stopped
	Err    error
}

func (e *DecodeError) Error() string {
	where := ""
	if e.Path != "" {
		where = " " + e.Path
	}
	return fmt.Sprintf("snapshot: decode%s: at byte %d: %v", where, e.Offset, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// A TypeResolver finds the type an encoding names. The walk names the
// dynamic type of an interface by its kind, its String() ("[]main.Point",
// "struct { X int; y float64 }") and its PkgPath(), which is empty for types
// without a name. Resolve returns the type with exactly those, or false.
type TypeResolver interface {
	Resolve(kind reflect.Kind, name, pkgPath string) (reflect.Type, bool)
}

// A Rewrapper rebuilds values of registered wrapper types (see
// RegisterWrapper), which are encoded as the values they wrap. Decode uses
// its TypeResolver as one when it implements this interface too: the
// process that registered the wrappers knows how to make them.
type Rewrapper interface {
	// Rewrap returns a value of the wrapper type t that stands for inner,
	// the decoded wrapped value: the value whose Unwrap gives inner back.
	// inner is the invalid Value when the wrapped value was nil. Rewrap must
	// keep inner itself, not a copy, for sharing to survive.
	Rewrap(t reflect.Type, inner reflect.Value) (reflect.Value, error)
}

// knownTypes are the types every resolver made by NewTypeResolver knows: the
// predeclared ones, and those the walk encodes specially.
var knownTypes = []reflect.Type{
	reflect.TypeFor[bool](),
	reflect.TypeFor[int](), reflect.TypeFor[int8](), reflect.TypeFor[int16](),
	reflect.TypeFor[int32](), reflect.TypeFor[int64](),
	reflect.TypeFor[uint](), reflect.TypeFor[uint8](), reflect.TypeFor[uint16](),
	reflect.TypeFor[uint32](), reflect.TypeFor[uint64](), reflect.TypeFor[uintptr](),
	reflect.TypeFor[float32](), reflect.TypeFor[float64](),
	reflect.TypeFor[complex64](), reflect.TypeFor[complex128](),
	reflect.TypeFor[string](), reflect.TypeFor[unsafe.Pointer](),
	reflect.TypeFor[any](), reflect.TypeFor[error](),
	timeType, locationType, reflect.TypeFor[time.Duration](),
	reflect.TypeFor[time.Month](), reflect.TypeFor[time.Weekday](),
	reflect.TypeFor[big.Int](), reflect.TypeFor[big.Float](), reflect.TypeFor[big.Rat](),
}

// NewTypeResolver returns a TypeResolver that knows the predeclared types,
// time.Time, time.Duration, time.Location and math/big's Int, Float and Rat,
// the seeds and every type they are built from (element, key, field,
// parameter and result types, recursively), and the pointer, slice, array and
// map types built from known types ("*main.Node", "map[string][]float64"),
// made on demand. A type named only by a composite name is resolved only if
// no two known types share the names it is made of. When two seeds share a
// name, package path and kind, the first wins. The resolver is safe for
// concurrent use.
func NewTypeResolver(seed ...reflect.Type) TypeResolver {
	tt := &typeTable{
		byKey:  make(map[typeKey]reflect.Type),
		byName: make(map[string]reflect.Type),
	}
	for _, t := range knownTypes {
		tt.add(t)
	}
	for _, t := range seed {
		if t != nil {
			tt.add(t)
		}
	}
	return tt
}

// A typeTable is the TypeResolver NewTypeResolver makes.
type typeTable struct {
	mu     sync.Mutex
	byKey  map[typeKey]reflect.Type
	byName map[string]reflect.Type // by String(); nil for a name types share
}

// A typeKey is what an encoding says of a type.
type typeKey struct {
	kind          reflect.Kind
	name, pkgPath string
}

func keyOf(t reflect.Type) typeKey { return typeKey{t.Kind(), t.String(), t.PkgPath()} }

// add makes t and the types it is built from known.
func (tt *typeTable) add(t reflect.Type) {
	k := keyOf(t)
	if _, seen := tt.byKey[k]; seen {
		return
	}
	tt.byKey[k] = t
	if u, ok := tt.byName[k.name]; !ok {
		tt.byName[k.name] = t
	} else if u != t {
		tt.byName[k.name] = nil
	}
	switch t.Kind() {
	case reflect.Array, reflect.Chan, reflect.Pointer, reflect.Slice:
		tt.add(t.Elem())
	case reflect.Map:
		tt.add(t.Key())
		tt.add(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			tt.add(t.Field(i).Type)
		}
	case reflect.Func:
		for i := range t.NumIn() {
			tt.add(t.In(i))
		}
		for i := range t.NumOut() {
			tt.add(t.Out(i))
		}
	}
}

func (tt *typeTable) Resolve(kind reflect.Kind, name, pkgPath string) (reflect.Type, bool) {
	tt.mu.Lock()
	defer tt.mu.Unlock()
	if t, ok := tt.byKey[typeKey{kind, name, pkgPath}]; ok {
		return t, true
	}
	if pkgPath != "" {
		// A named type is known from the seeds or not at all.
		return nil, false
	}
	t := tt.build(name, 0)
	if t == nil || t.Kind() != kind || t.String() != name {
		return nil, false
	}
	tt.add(t)
	return t, true
}

// maxNameDepth bounds how deeply build follows a composite name, which comes
// from input that may be corrupt.
const maxNameDepth = 100

// build returns the type called name: a known one, or a pointer, slice,
// array or map type made from known ones; nil if there is none.
func (tt *typeTable) build(name string, depth int) reflect.Type {
	if t, ok := tt.byName[name]; ok {
		return t // nil when the name is ambiguous
	}
	if depth == maxNameDepth {
		return nil
	}
	elem := func(name string) reflect.Type { return tt.build(name, depth+1) }
	switch {
	case strings.HasPrefix(name, "*"):
		if e := elem(name[1:]); e != nil {
			return reflect.PointerTo(e)
		}
	case strings.HasPrefix(name, "[]"):
		if e := elem(name[2:]); e != nil {
			return reflect.SliceOf(e)
		}
	case strings.HasPrefix(name, "map["):
		key, value, ok := splitMapName(name)
		if !ok {
			return nil
		}
		k, v := elem(key), elem(value)
		if k != nil && v != nil && k.Comparable() {
			return reflect.MapOf(k, v)
		}
	case strings.HasPrefix(name, "["):
		n, rest, ok := splitArrayName(name)
		if !ok {
			return nil
		}
		// reflect.ArrayOf panics on an array larger than the address space.
		if e := elem(rest); e != nil && (e.Size() == 0 || n <= uint64(maxInt)/uint64(e.Size())) {
			return reflect.ArrayOf(int(n), e)
		}
	}
	return nil
}

const maxInt = int(^uint(0) >> 1)

// splitArrayName splits "[4]T" into 4 and "T".
func splitArrayName(name string) (n uint64, elem string, ok bool) {
	digits, elem, ok := strings.Cut(name[1:], "]")
	if !ok {
		return 0, "", false
	}
	n, err := strconv.ParseUint(digits, 10, 63)
	return n, elem, err == nil
}

// splitMapName splits "map[K]V" into "K" and "V", finding the bracket that
// closes the key past brackets in the key's own name and in struct tags.
func splitMapName(name string) (key, elem string, ok bool) {
	depth := 1
	for i := len("map["); i < len(name); i++ {
		switch name[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return name[len("map["):i], name[i+1:], true
			}
		case '"':
			// A struct tag, quoted by strconv.Quote: skip to its end.
			for i++; i < len(name) && name[i] != '"'; i++ {
				if name[i] == '\\' {
					i++
				}
			}
		}
	}
	return "", "", false
}
