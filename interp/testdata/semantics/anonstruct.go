// Struct types written as literals with unexported fields keep one identity wherever
// they appear: in a type switch's case that the type-switch rewrite copies, in a
// generic function, and in a composite literal (the kernel tags their unexported
// fields, and a tag is part of a struct type's identity).
package main

import "fmt"

func kind[T any](i any) string {
	switch x := i.(type) {
	case struct{ a, b T }:
		return fmt.Sprint("pair ", x.a, x.b)
	case T:
		return fmt.Sprint("T ", x)
	default:
		return fmt.Sprint("other ", x)
	}
}

func main() {
	fmt.Println(kind[float64](struct{ a, b float64 }{a: 1, b: 2}))
	fmt.Println(kind[int](struct{ a, b int }{3, 4}))
	fmt.Println(kind[int](5), kind[int]("x"))
	var v any = struct{ name string }{"n"}
	_, ok := v.(struct{ name string })
	fmt.Printf("%v %+v\n", ok, v)
}
