// Go signatures as completion shows them beside a candidate, written from what the
// interpreter's symbol tables hold: reflect values. reflect says less than Go does,
// and says some of it in its own terms: a method of a concrete type has its receiver
// as first parameter, and an untyped constant is a go/constant value whose dynamic
// type (constant.ratVal) means nothing to the user.

package interp

import (
	"go/constant"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// funcSignature writes function type ft as Go declares it, without its first skip
// parameters: func(s string, n int) without the names reflect does not keep,
// func(string, int).
func funcSignature(ft reflect.Type, skip int) string {
	var b strings.Builder
	b.WriteString("func(")
	for i := skip; i < ft.NumIn(); i++ {
		if i > skip {
			b.WriteString(", ")
		}
		if in := ft.In(i); ft.IsVariadic() && i == ft.NumIn()-1 {
			b.WriteString("..." + in.Elem().String())
		} else {
			b.WriteString(in.String())
		}
	}
	b.WriteString(")")
	switch ft.NumOut() {
	case 0:
	case 1:
		b.WriteString(" " + ft.Out(0).String())
	default:
		outs := make([]string, ft.NumOut())
		for i := range outs {
			outs[i] = ft.Out(i).String()
		}
		b.WriteString(" (" + strings.Join(outs, ", ") + ")")
	}
	return b.String()
}

// methodSignature is the signature of method m of type t as a call through a value
// of t sees it: reflect's Method type of a concrete type takes the receiver first
// (func(*strings.Builder, string) (int, error)), an interface's does not.
func methodSignature(t reflect.Type, m reflect.Method) string {
	if t.Kind() == reflect.Interface {
		return funcSignature(m.Type, 0)
	}
	return funcSignature(m.Type, 1)
}

// constantValue is the go/constant value an export table holds for an untyped
// constant, or nil for anything else.
func constantValue(v reflect.Value) constant.Value {
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	c, _ := v.Interface().(constant.Value)
	return c
}

// untypedName is Go's name for the type of an untyped constant of kind k.
func untypedName(k constant.Kind) string {
	switch k {
	case constant.Bool:
		return "untyped bool"
	case constant.String:
		return "untyped string"
	case constant.Int:
		return "untyped int"
	case constant.Float:
		return "untyped float"
	case constant.Complex:
		return "untyped complex"
	}
	return "untyped"
}

// constantText writes a constant's value as a Go literal: exact for integers and
// strings, a float64 (the value any use of it gets) for floats, whose exact value can
// run to many digits (math.Pi has 63).
func constantText(c constant.Value) string {
	switch c.Kind() {
	case constant.Int, constant.String:
		return preview(c.ExactString())
	case constant.Float:
		if f, _ := constant.Float64Val(c); !math.IsInf(f, 0) {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
	}
	return c.String()
}

// constSignature is how a constant of an export table shows: the declaration Go
// would print for it, const Pi untyped float = 3.141592653589793, or for a typed
// constant (exported as a value of its type) const Second time.Duration = 1000000000.
func constSignature(name string, v reflect.Value) string {
	if c := constantValue(v); c != nil {
		return "const " + name + " " + untypedName(c.Kind()) + " = " + constantText(c)
	}
	var val string
	switch v.Kind() {
	case reflect.Bool:
		val = strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		val = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		val = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		val = strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.String:
		val = preview(strconv.Quote(v.String()))
	default:
		return "const " + name + " " + v.Type().String()
	}
	return "const " + name + " " + v.Type().String() + " = " + val
}
