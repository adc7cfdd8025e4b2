package snapshot

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// A hash names the types in a value (an interface's dynamic type, the root's) by their
// structure where a program's own types are concerned, so that a value hashes the
// same in a notebook and in the program the notebook was exported to (gokernel
// export): the interpreter builds the types cells declare with reflect, unnamed, their
// unexported fields renamed (X and the name) and tagged gokernel:"unexported", their
// embedded fields named, and a cell type held in an interface wrapped in a struct of
// its own; the compiled program has them as types of package main. So for a hash:
//
//   - a type of package main is its underlying type;
//   - a struct type is its fields' names (an unexported one's own name) and types,
//     without tags, embedding left unsaid;
//   - an interface type, or an interpreter's wrapper, is "interface";
//   - any other named type is its name and package path.
//
// A type that contains itself (type Node struct{ Next *Node }) is described down
// to the first struct that repeats one it is inside of, field names and kinds alike,
// which is written "rec": the interpreter's recursive cell types are chains of
// distinct reflect types, the compiled ones a loop, and both end there alike.
//
// Values of two types of one structure then hash alike; the encoding, which decodes
// into types, keeps their names.
func hashTypeName(t reflect.Type) string {
	if s, ok := hashTypeNames.Load(t); ok {
		return s.(string)
	}
	var b strings.Builder
	writeHashTypeName(&b, t, nil)
	s, _ := hashTypeNames.LoadOrStore(t, b.String())
	return s.(string)
}

var hashTypeNames sync.Map // map[reflect.Type]string

// hashTypeDepth bounds the description of a type, as a last resort: deeper, a type
// is written by its reflect name.
const hashTypeDepth = 64

// writeHashTypeName writes the hash's name of t; outer are the shallow signatures
// of the structs t is inside of (see structSignature).
func writeHashTypeName(b *strings.Builder, t reflect.Type, outer []string) {
	if wrapperWalkFunc(t) != nil {
		b.WriteString("interface")
		return
	}
	if t.Name() != "" && t.PkgPath() != "main" || len(outer) >= hashTypeDepth {
		b.WriteString(t.String())
		b.WriteByte('@')
		b.WriteString(t.PkgPath())
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteByte('*')
		writeHashTypeName(b, t.Elem(), outer)
	case reflect.Slice:
		b.WriteString("[]")
		writeHashTypeName(b, t.Elem(), outer)
	case reflect.Array:
		b.WriteString("[" + strconv.Itoa(t.Len()) + "]")
		writeHashTypeName(b, t.Elem(), outer)
	case reflect.Map:
		b.WriteString("map[")
		writeHashTypeName(b, t.Key(), outer)
		b.WriteByte(']')
		writeHashTypeName(b, t.Elem(), outer)
	case reflect.Struct:
		sig := structSignature(t)
		for _, o := range outer {
			if o == sig {
				b.WriteString("rec")
				return
			}
		}
		outer = append(outer, sig)
		b.WriteString("struct{")
		for i := range t.NumField() {
			f := t.Field(i)
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(fieldName(f) + " ")
			writeHashTypeName(b, f.Type, outer)
		}
		b.WriteByte('}')
	case reflect.Interface:
		b.WriteString("interface")
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		b.WriteString(t.String())
	default:
		// A basic kind: main's type Celsius float64 is float64, as in a cell.
		b.WriteString(t.Kind().String())
	}
}

// fieldName is a struct field's own name: the interpreter names an unexported field
// X and the name, and tags it gokernel:"unexported".
func fieldName(f reflect.StructField) string {
	if f.Tag.Get("gokernel") == "unexported" && len(f.Name) > 1 && f.Name[0] == 'X' {
		return f.Name[1:]
	}
	return f.Name
}

// structSignature is a struct type's fields' names and kinds: what recursion is
// recognised by.
func structSignature(t reflect.Type) string {
	var b strings.Builder
	for i := range t.NumField() {
		f := t.Field(i)
		b.WriteString(fieldName(f))
		b.WriteByte(':')
		b.WriteString(f.Type.Kind().String())
		b.WriteByte(';')
	}
	return b.String()
}
