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
// Values of two types of one structure then hash alike; the encoding, which decodes
// into types, keeps their names.
func hashTypeName(t reflect.Type) string {
	if s, ok := hashTypeNames.Load(t); ok {
		return s.(string)
	}
	var b strings.Builder
	writeHashTypeName(&b, t, 0)
	s, _ := hashTypeNames.LoadOrStore(t, b.String())
	return s.(string)
}

var hashTypeNames sync.Map // map[reflect.Type]string

// hashTypeDepth bounds the description of a type that contains itself (through a
// pointer, slice or map of package main's struct type): deeper, a named type is
// named.
const hashTypeDepth = 8

func writeHashTypeName(b *strings.Builder, t reflect.Type, depth int) {
	if wrapperWalkFunc(t) != nil {
		b.WriteString("interface")
		return
	}
	if t.Name() != "" && (t.PkgPath() != "main" || depth >= hashTypeDepth) {
		b.WriteString(t.String())
		b.WriteByte('@')
		b.WriteString(t.PkgPath())
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteByte('*')
		writeHashTypeName(b, t.Elem(), depth+1)
	case reflect.Slice:
		b.WriteString("[]")
		writeHashTypeName(b, t.Elem(), depth+1)
	case reflect.Array:
		b.WriteString("[" + strconv.Itoa(t.Len()) + "]")
		writeHashTypeName(b, t.Elem(), depth+1)
	case reflect.Map:
		b.WriteString("map[")
		writeHashTypeName(b, t.Key(), depth+1)
		b.WriteByte(']')
		writeHashTypeName(b, t.Elem(), depth+1)
	case reflect.Struct:
		b.WriteString("struct{")
		for i := range t.NumField() {
			f := t.Field(i)
			name := f.Name
			if f.Tag.Get("gokernel") == "unexported" && len(name) > 1 && name[0] == 'X' {
				name = name[1:] // the interpreter's name of an unexported field
			}
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(name + " ")
			writeHashTypeName(b, f.Type, depth+1)
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
