package interp

import (
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/gokernel/gokernel/interp/prepare"
)

// Values of the cells' types, as package fmt must see them.
//
// yaegi v0.16.1 builds a cell's struct type with reflect.StructOf and has to give
// every field an exported name (note becomes Xnote) for reflect to set it; it keeps a
// value of a cell's named type as a value of the underlying type (a Genre is an int,
// its String method is only the interpreter's); and it keeps a value of a cell's type
// stored in an interface as its own valueInterface struct, which compiled code prints
// as {0xc000… {…}}. Compiled fmt, called from a cell, would print all three wrong. The
// session's fmt functions (fmtfuncs.go) first present their arguments as compiled Go
// would have them: a struct with the fields' real names (tagged by prepare's
// tagUnexportedFields) and unexported ones truly unexported, so that fmt neither calls
// their methods nor sees a different name; a valueInterface as the value it holds;
// and the values that the cell's fmt call says are of a type with methods (a plan,
// see stringers.go) as fmtValues, compiled values that carry those methods.
//
// What a valueInterface holds is printed without its methods: yaegi v0.16.1 cannot
// call them from compiled code (it binds the method to the wrong frame slot: reflect:
// Method on nil interface value), and asking the interpreter to (an interpreted
// function asserting to fmt.Stringer) changes how it resolves the cells' own later
// assertions to that interface.
//
// Presenting copies: a look-alike of a struct is a new value, as is a slice or map
// holding presented elements. Only what fmt would print is followed: fields,
// elements, keys, interface contents, and the target of a pointer at the top, which
// fmt prints as &{...}; below the top fmt prints pointers as addresses, and they are
// kept as they are.

// yaegiInterpPath is the import path of yaegi's interpreter, whose valueInterface
// type is how it stores a value of a cell's type in an interface.
const yaegiInterpPath = "github.com/traefik/yaegi/interp"

// isValueInterface reports whether t is yaegi's valueInterface.
func isValueInterface(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.Name() == "valueInterface" && t.PkgPath() == yaegiInterpPath
}

// emptyInterface is the type of an any-typed slot in a presented value, for contents whose
// presented type differs from the declared one.
var emptyInterface = reflect.TypeFor[any]()

// shapeKey names what presenting a value of a type under a plan takes; bytes is
// the presenter's bytesVerb.
type shapeKey struct {
	t     reflect.Type
	plan  *fmtPlan
	bytes bool
}

// shape is what presenting values of one shapeKey takes.
type shape struct {
	// walk reports that values may present differently: the type or what it holds
	// (through fields, elements, keys; interface contents) is a cell struct with
	// unexported fields, a valueInterface, or a plan's holder.
	walk bool
	// to is the type of the presented value (the type itself when only interface
	// contents may change).
	to reflect.Type
}

var (
	shapes    sync.Map // shapeKey -> shape
	needs     sync.Map // shapeKey -> bool
	recursive sync.Map // shapeKey -> bool
)

// shapeOf returns what presenting values of t under plan takes.
func shapeOf(t reflect.Type, plan *fmtPlan, bytes bool) shape {
	return shapeFor(shapeKey{t, plan, bytes})
}

func shapeFor(k shapeKey) shape {
	if s, ok := shapes.Load(k); ok {
		return s.(shape)
	}
	s := computeShape(k)
	shapes.Store(k, s)
	return s
}

// subKeys are the positions inside a value of k that fmt prints: fields, elements,
// keys. Interface contents are the value's own business.
func subKeys(k shapeKey) []shapeKey {
	t, plan := k.t, k.plan
	if plan != nil && plan.holder != nil || isValueInterface(t) || t.PkgPath() != "" {
		return nil
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if k.bytes && t.Elem().Kind() == reflect.Uint8 {
			return nil // printed as text, whatever the bytes' methods
		}
		return []shapeKey{{t.Elem(), plan.elemPlan(), k.bytes}}
	case reflect.Map:
		return []shapeKey{{t.Key(), plan.keyPlan(), k.bytes}, {t.Elem(), plan.elemPlan(), k.bytes}}
	case reflect.Struct:
		if !isYaegiStruct(t) {
			return nil
		}
		subs := make([]shapeKey, t.NumField())
		for i := range subs {
			subs[i] = shapeKey{t.Field(i).Type, plan.fieldPlan(i), k.bytes}
		}
		return subs
	}
	return nil
}

// isYaegiStruct reports whether t is a struct type yaegi built for a cell: those are
// unnamed, and all their fields have exported names. A compiled struct type
// (time.Time) is printed as it is.
func isYaegiStruct(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.Name() != "" || t.PkgPath() != "" {
		return false
	}
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			return false
		}
	}
	return true
}

// needsWalk reports whether a value of k may present differently.
func needsWalk(k shapeKey) bool {
	if b, ok := needs.Load(k); ok {
		return b.(bool)
	}
	seen := map[shapeKey]bool{}
	var visit func(k shapeKey) bool
	visit = func(k shapeKey) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		t := k.t
		switch {
		case k.plan != nil && k.plan.holder != nil, isValueInterface(t):
			return true
		case t.PkgPath() != "":
			return false
		case t.Kind() == reflect.Interface:
			return true
		case isYaegiStruct(t):
			for i := range t.NumField() {
				if prepare.IsUnexportedField(t.Field(i).Tag) {
					return true
				}
			}
		}
		for _, s := range subKeys(k) {
			if visit(s) {
				return true
			}
		}
		return false
	}
	b := visit(k)
	needs.Store(k, b)
	return b
}

// isRecursive reports whether a value of k can hold another (through slices, maps).
func isRecursive(k shapeKey) bool {
	if b, ok := recursive.Load(k); ok {
		return b.(bool)
	}
	seen := map[shapeKey]bool{}
	var visit func(s shapeKey) bool
	visit = func(s shapeKey) bool {
		for _, sub := range subKeys(s) {
			if sub == k {
				return true
			}
			if !seen[sub] {
				seen[sub] = true
				if visit(sub) {
					return true
				}
			}
		}
		return false
	}
	b := visit(k)
	recursive.Store(k, b)
	return b
}

// computeShape works out shapeFor. A type that holds itself (type T struct{ kids
// []T }) cannot be built with reflect: a position that leads back to the type it is
// in gets an any-typed slot, so computeShape never runs into itself.
func computeShape(k shapeKey) shape {
	t, plan := k.t, k.plan
	if !needsWalk(k) {
		return shape{to: t}
	}
	if plan != nil && plan.holder != nil || isValueInterface(t) {
		// A value with methods becomes an fmtValue; a valueInterface, what it holds.
		return shape{walk: true, to: emptyInterface}
	}
	slot := func(s shapeKey) reflect.Type {
		if !needsWalk(s) {
			return s.t
		}
		if isRecursive(s) {
			return emptyInterface
		}
		return shapeFor(s).to
	}
	subs := subKeys(k)
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() > 0 {
			// What it holds may be presented as a value without the methods.
			return shape{walk: true, to: emptyInterface}
		}
	case reflect.Slice, reflect.Array:
		e := slot(subs[0])
		switch {
		case e == t.Elem():
			return shape{walk: true, to: t}
		case t.Kind() == reflect.Slice:
			return shape{walk: true, to: reflect.SliceOf(e)}
		}
		return shape{walk: true, to: reflect.ArrayOf(t.Len(), e)}
	case reflect.Map:
		key, elem := slot(subs[0]), slot(subs[1])
		if key == t.Key() && elem == t.Elem() {
			return shape{walk: true, to: t}
		}
		if !key.Comparable() {
			key = emptyInterface
		}
		return shape{walk: true, to: reflect.MapOf(key, elem)}
	case reflect.Struct:
		changed := false
		fields := make([]reflect.StructField, t.NumField())
		for i := range fields {
			f := t.Field(i)
			if ft := slot(subs[i]); ft != f.Type {
				changed = true
				f.Type = ft
			}
			if prepare.IsUnexportedField(f.Tag) && strings.HasPrefix(f.Name, "X") {
				changed = true
				f.Name = f.Name[1:]
				f.PkgPath = "main"
				f.Anonymous = false
				f.Tag = cellTag(f.Tag)
			}
			fields[i] = f
		}
		if !changed {
			return shape{walk: true, to: t}
		}
		return shape{walk: true, to: lookalike(fields)}
	}
	return shape{walk: true, to: t}
}

// lookalike builds the struct type of fields, or gives up with an any-typed
// presentation when reflect refuses it.
func lookalike(fields []reflect.StructField) (t reflect.Type) {
	defer func() {
		if recover() != nil {
			t = emptyInterface
		}
	}()
	for i := range fields {
		// reflect.StructOf only lets the first field be embedded; yaegi embeds only
		// a lone field.
		if fields[i].Anonymous && i > 0 {
			fields[i].Anonymous = false
		}
	}
	return reflect.StructOf(fields)
}

// cellTag is the tag a field was declared with, before tagUnexportedFields added its
// keys in front.
func cellTag(tag reflect.StructTag) reflect.StructTag {
	s := string(tag)
	for _, p := range []string{prepare.UnexportedTag + `:"` + prepare.UnexportedValue + `"`, ` json:"-"`, ` xml:"-"`} {
		s = strings.TrimPrefix(s, p)
	}
	return reflect.StructTag(strings.TrimPrefix(s, " "))
}

// presenter presents the values of one fmt call.
type presenter struct {
	// call holds the methods the call's plans refer to; nil for values no plan
	// describes.
	call *fmtCall
	// bytesVerb is set when the verb prints a slice or array of bytes as text (%s %q
	// %x %X): its elements are then printed as bytes, whatever their methods.
	bytesVerb bool
	// sharpV is set for %#v: plans are not followed (Go syntax would show the
	// presentation's types), but look-alikes are built.
	sharpV bool
}

// safePresent is present, or v as it is when presenting it fails.
func (p *presenter) safePresent(v reflect.Value, plan *fmtPlan, depth int) (pv reflect.Value, changed bool) {
	defer func() {
		if recover() != nil {
			pv, changed = v, false
		}
	}()
	return p.present(v, plan, depth)
}

// present returns v as fmt should see it at depth (0 for an argument), and whether
// that differs from v.
func (p *presenter) present(v reflect.Value, plan *fmtPlan, depth int) (reflect.Value, bool) {
	if !v.IsValid() {
		return v, false
	}
	if p.sharpV {
		plan = nil
	}
	t := v.Type()
	if plan != nil && plan.holder != nil {
		return reflect.ValueOf(p.holderValue(v, plan, depth)), true
	}
	if t.Kind() == reflect.Pointer {
		if depth > 0 || v.IsNil() {
			return v, false
		}
		switch t.Elem().Kind() {
		case reflect.Array, reflect.Slice, reflect.Struct, reflect.Map:
		default:
			return v, false
		}
		e, ok := p.present(v.Elem(), plan.elemPlan(), depth+1)
		if !ok {
			return v, false
		}
		ptr := reflect.New(e.Type())
		ptr.Elem().Set(e)
		return ptr, true
	}
	if isValueInterface(t) {
		inner := valueInterfaceValue(v)
		if !inner.IsValid() {
			return reflect.Zero(emptyInterface), true
		}
		if e, ok := p.present(inner, nil, depth); ok {
			return e, true
		}
		return inner, true
	}
	s := shapeOf(t, plan, p.bytesVerb)
	if !s.walk {
		return v, false
	}
	switch t.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		e, ok := p.present(v.Elem(), plan, depth+1)
		if !ok {
			return v, false
		}
		return e, true
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && v.IsNil() {
			return reflect.Zero(s.to), s.to != t
		}
		var out reflect.Value
		if s.to != t {
			out = p.newCollection(v, s.to)
		}
		ep := plan.elemPlan()
		for i := range v.Len() {
			e, ok := p.present(v.Index(i), ep, depth+1)
			switch {
			case out.IsValid():
				out.Index(i).Set(e)
			case ok:
				// The first element that changes: copy the ones before it.
				out = p.newCollection(v, s.to)
				for j := range i {
					out.Index(j).Set(v.Index(j))
				}
				out.Index(i).Set(e)
			}
		}
		if !out.IsValid() {
			return v, false
		}
		return out, true
	case reflect.Map:
		if v.IsNil() {
			return reflect.Zero(s.to), s.to != t
		}
		kp, ep := plan.keyPlan(), plan.elemPlan()
		out := reflect.MakeMapWithSize(s.to, v.Len())
		changed := s.to != t
		it := v.MapRange()
		for it.Next() {
			k, kok := p.present(it.Key(), kp, depth+1)
			e, eok := p.present(it.Value(), ep, depth+1)
			changed = changed || kok || eok
			out.SetMapIndex(k, e)
		}
		if !changed {
			return v, false
		}
		return out, true
	case reflect.Struct:
		if s.to.Kind() != reflect.Struct {
			// The look-alike could not be built.
			return v, false
		}
		out := reflect.New(s.to).Elem()
		changed := s.to != t
		for i := range t.NumField() {
			e, ok := p.present(v.Field(i), plan.fieldPlan(i), depth+1)
			changed = changed || ok
			setField(out.Field(i), e)
		}
		if !changed {
			return v, false
		}
		return out, true
	}
	return v, false
}

// newCollection returns a new slice or array of type to, of v's length.
func (p *presenter) newCollection(v reflect.Value, to reflect.Type) reflect.Value {
	if to.Kind() == reflect.Slice {
		return reflect.MakeSlice(to, v.Len(), v.Len())
	}
	return reflect.New(to).Elem()
}

// setField sets a field of a look-alike, unexported ones included: the look-alike is
// ours, and its unexported fields exist only so that fmt sees them as such.
func setField(dst, v reflect.Value) {
	if !dst.CanSet() {
		dst = reflect.NewAt(dst.Type(), unsafe.Pointer(dst.UnsafeAddr())).Elem()
	}
	dst.Set(v)
}

// valueInterfaceValue returns the value a yaegi valueInterface holds (its field
// value, a reflect.Value), through nested ones.
func valueInterfaceValue(v reflect.Value) reflect.Value {
	for v.IsValid() && isValueInterface(v.Type()) {
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		f := c.FieldByName("value")
		if !f.IsValid() || f.Type() != reflect.TypeFor[reflect.Value]() {
			return reflect.Value{}
		}
		v = *(*reflect.Value)(unsafe.Pointer(f.UnsafeAddr()))
		for v.IsValid() && v.Kind() == reflect.Interface {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
	}
	return v
}
