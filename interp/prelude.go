package interp

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strconv"
	"strings"

	"github.com/gokernel/gokernel/interp/prepare"
)

// preludeSource defines, in Go, the builtins of Go 1.21 that yaegi v0.16.1 lacks
// (min, max and clear) and print and println writing to standard error as Go's do.
// They are ordinary functions of the session, so a cell may redefine them; min and max
// are generic over the ordered types, as the builtins are. Their type parameter is not
// called T: yaegi v0.16.1 lets a type parameter's name clash with a later type of the
// same name in the package (type T int64 then panics with "nil reflect type").
const preludeSource = `
// gkBox returns its argument. Handing a value of a cell's type with methods to an
// interpreted function's interface{} parameter makes yaegi keep the type and its
// methods with the value, which storing it in an interface{} directly does not.
func gkBox(x interface{}) interface{} { return x }

func min[gkT ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string](x gkT, ys ...gkT) gkT {
	for _, y := range ys {
		if y < x || y != y {
			x = y
		}
	}
	return x
}

func max[gkT ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string](x gkT, ys ...gkT) gkT {
	for _, y := range ys {
		if y > x || y != y {
			x = y
		}
	}
	return x
}

func clear(v any) { ` + prepare.RuntimeAlias + `.Clear(v) }

func print(args ...any) { ` + prepare.RuntimeAlias + `.Print(args...) }

func println(args ...any) { ` + prepare.RuntimeAlias + `.Println(args...) }
`

// clearValue empties a map or zeroes a slice's elements, as the clear builtin does.
func clearValue(v any) {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		rv.Clear()
	case reflect.Slice:
		rv.Clear()
	default:
		panic("clear: argument must be a map or a slice, not " + rv.Kind().String())
	}
}

// builtinPrint writes args the way Go's print and println builtins do: to standard
// error (yaegi writes them to stdout), floats as +1.500000e+000, references as
// addresses; println separates with spaces and ends the line.
func builtinPrint(w io.Writer, newline bool, args []any) {
	var b strings.Builder
	for i, a := range args {
		if newline && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(printValue(a))
	}
	if newline {
		b.WriteByte('\n')
	}
	io.WriteString(w, b.String())
}

func printValue(a any) string {
	if a == nil {
		return "0x0"
	}
	v := reflect.ValueOf(a)
	switch v.Kind() {
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	// As the runtime of Go 1.26 prints them: shortest form, like %g.
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits())
	case reflect.Complex64, reflect.Complex128:
		return strconv.FormatComplex(v.Complex(), 'g', -1, v.Type().Bits())
	case reflect.String:
		return v.String()
	case reflect.Slice:
		return fmt.Sprintf("[%d/%d]%#x", v.Len(), v.Cap(), v.Pointer())
	case reflect.Pointer, reflect.Map, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return fmt.Sprintf("%#x", v.Pointer())
	}
	return fmt.Sprint(a)
}

// anyType is the compiled empty interface that the typed rewrites (prepare/mono_typed.go) convert to as __gk.Any.
type anyType interface{}

// recovered is the value a recover() call returns as Go gives it: yaegi v0.16.1 hands
// it over wrapped in a reflect.Value (see prepare/recovered.go).
// A run-time panic of the interpreter's own (reflect's "reflect: slice index out of
// range", a failed assertion with yaegi's position in front) is recovered as the
// runtime.Error Go raises there, with Go's message.
func recovered(x any) any {
	if v, ok := x.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	var msg string
	switch x := x.(type) {
	case string:
		msg = x
	case runtime.Error:
		return x
	case error:
		msg = x.Error() // reflect's *ValueError, yaegi's failed assertion
	default:
		return x
	}
	if m := assertionPosition.FindStringSubmatch(msg); m != nil {
		msg = m[3]
	}
	goMsg := goMessage(msg)
	if goMsg == msg && !strings.HasPrefix(msg, "interface conversion: ") {
		return x
	}
	return goRuntimeError(goMsg)
}

// goRuntimeError is a run-time panic the interpreter raised, as Go's runtime.Error.
type goRuntimeError string

func (e goRuntimeError) Error() string { return string(e) }
func (goRuntimeError) RuntimeError()   {}

// errorsAs is errors.As for a target of a cell's type (see prepare/mono_typed.go):
// it walks err's tree as errors.As does, depth first, and asks match about each
// error's value, taken out of the wrapper it reached compiled code in (the session's
// fmt wrapper of a cell's error type, or yaegi's).
// unwrap is the cells' own Unwrap methods (nil when none), which compiled code
// cannot call.
func errorsAs(err error, match func(any) bool, unwrap func(any) []error) bool {
	for err != nil {
		if match(errorValue(err)) {
			return true
		}
		next := unwrapped(err, unwrap)
		if len(next) != 1 {
			for _, e := range next {
				if errorsAs(e, match, unwrap) {
					return true
				}
			}
			return false
		}
		err = next[0]
	}
	return false
}

// unwrapped is what err wraps: by its compiled Unwrap method, or a cell's (unwrap).
func unwrapped(err error, unwrap func(any) []error) []error {
	switch x := err.(type) {
	case interface{ Unwrap() error }:
		if e := x.Unwrap(); e != nil {
			return []error{e}
		}
		return nil
	case interface{ Unwrap() []error }:
		return x.Unwrap()
	}
	if unwrap == nil {
		return nil
	}
	var errs []error
	for _, e := range unwrap(errorValue(err)) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	return errs
}

// errorsUnwrap is errors.Unwrap for an error the cells' Unwrap methods did not take
// as it was: unwrap tries them on its value out of compiled code's wrapper.
func errorsUnwrap(err error, unwrap func(any) (error, bool)) error {
	if err == nil {
		return nil
	}
	if e, ok := unwrap(errorValue(err)); ok {
		return e
	}
	return errors.Unwrap(err)
}

// errorsIs is errors.Is for cells: it compares the values of the errors in err's tree
// with target's, out of the wrappers they reached compiled code in (see errorValue),
// and asks compiled errors' Is methods as errors.Is does, and the cells' through is
// (nil when no cell type has one), which compiled code cannot call.
func errorsIs(err, target error, unwrap func(any) []error, is func(any, any) bool) bool {
	if err == nil || target == nil {
		return err == target
	}
	want := errorValue(target)
	comparable := reflect.TypeOf(want).Comparable()
	for err != nil {
		if errors.Is(err, target) {
			return true // the compiled comparison and Is methods
		}
		if comparable {
			if v := errorValue(err); reflect.TypeOf(v) == reflect.TypeOf(want) && v == want {
				return true
			}
		}
		if is != nil && is(errorValue(err), target) {
			return true
		}
		next := unwrapped(err, unwrap)
		if len(next) != 1 {
			for _, e := range next {
				if errorsIs(e, target, unwrap, is) {
					return true
				}
			}
			return false
		}
		err = next[0]
	}
	return false
}

// errorValue is the value of err as a cell sees it: out of the session's fmt wrapper
// (a cell's error type given to fmt.Errorf's %w) or yaegi's wrapper of a compiled
// interface.
func errorValue(err error) any {
	switch e := err.(type) {
	case fmtError:
		return e.v
	case *fmtError:
		return e.v
	}
	v := reflect.ValueOf(err)
	if v.Kind() == reflect.Struct && v.NumField() > 0 && v.Type().Field(0).Name == "IValue" {
		if inner := v.Field(0); inner.Kind() == reflect.Interface && !inner.IsNil() {
			return inner.Interface()
		}
	}
	return err
}

// assertionFailed panics as a failed type assertion does, with Go's message.
func assertionFailed(x any, target string, missing func(any) string) {
	if x == nil {
		panic(goRuntimeError(fmt.Sprintf("interface conversion: interface is nil, not %s", target)))
	}
	if missing == nil {
		panic(goRuntimeError(fmt.Sprintf("interface conversion: interface {} is %T, not %s", x, target)))
	}
	panic(goRuntimeError(fmt.Sprintf("interface conversion: %T is not %s: missing method %s", x, target, missing(x))))
}

// rangeContinued is the panic of an iterator that calls yield again after the body
// of a range over it returned false (see prepare/rangefunc.go): a runtime.Error with
// Go's message.
type rangeContinued struct{}

func (rangeContinued) RuntimeError() {}
func (rangeContinued) Error() string {
	return "runtime error: range function continued iteration after function for loop body returned false"
}

// rangeContinuedPanic panics with rangeContinued.
func rangeContinuedPanic() { panic(rangeContinued{}) }
