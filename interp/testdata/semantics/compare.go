// Comparisons and switches mixing interfaces and concrete values (yaegi: false, or
// reflect.Value.Convert panics).
package main

import "fmt"

type myint int

func (m myint) foo() {}

type fooer interface{ foo() }

type point struct{ x, y int }

func main() {
	var f fooer = myint(3)
	var e interface{} = point{1, 2}
	var n interface{} = 7
	fmt.Println(f == myint(3), myint(4) != f, e == point{1, 2}, point{2, 1} == e)
	switch n {
	case 6, 7:
		fmt.Println("six or seven")
	default:
		fmt.Println("other")
	}
	t := 7
	switch t {
	case n:
		fmt.Println("t is n")
	}
	switch e {
	case point{1, 2}:
		fmt.Println("point")
	}
	var none interface{}
	fmt.Println(none == nil, n == 7)
}
