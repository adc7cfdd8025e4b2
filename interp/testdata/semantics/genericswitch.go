// Generic type switches and conversions that become impossible or duplicate in an
// instance.
package main

import "fmt"

type I interface{ M() }
type S struct{}

func (S) M() {}

func as[T any](x I) (T, bool) {
	v, ok := x.(T)
	return v, ok
}

func classify[T comparable](x any) string {
	switch x.(type) {
	case T:
		return "T"
	case int:
		return "int"
	}
	return "other"
}

func table[T ~int | ~string](zero T) map[T]string {
	return map[T]string{T(zero): "zero"}
}

func kind[T ~int | ~uint8](v T) string {
	switch v {
	case T(0):
		return "zero"
	case T(1):
		return "one"
	}
	return "many"
}

func main() {
	_, ok1 := as[S](S{})
	_, ok2 := as[int](S{})
	fmt.Println(ok1, ok2, classify[int](1), classify[string](1), classify[float64](2.5))
	fmt.Println(table(0), table("s"), kind(1), kind(uint8(0)), kind(5))
}
