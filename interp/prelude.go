package interp

import (
	"reflect"
)

// preludeSource defines, in Go, the builtins of Go 1.21 that yaegi v0.16.1 lacks:
// min, max and clear. They are ordinary functions of the session, so a cell may
// redefine them; min and max are generic over the ordered types, as the builtins are.
const preludeSource = `
func min[T ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string](x T, ys ...T) T {
	for _, y := range ys {
		if y < x || y != y {
			x = y
		}
	}
	return x
}

func max[T ~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string](x T, ys ...T) T {
	for _, y := range ys {
		if y > x || y != y {
			x = y
		}
	}
	return x
}

func clear(v any) { ` + runtimeAlias + `.Clear(v) }
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
