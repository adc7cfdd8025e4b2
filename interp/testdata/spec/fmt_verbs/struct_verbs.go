// %v, %+v, %#v and %T of cell struct types, nested structs, and slices and maps of
// them; %#v prints Go syntax with the type names.
package main

import "fmt"

type Point struct {
	X, Y int
}

type Segment struct {
	Name     string
	From, To Point
	Tags     []string
}

func main() {
	p := Point{1, -2}
	fmt.Printf("%v|%+v|%#v|%T\n", p, p, p, p)
	//cell
	s := Segment{"diag", Point{0, 0}, Point{3, 3}, []string{"a"}}
	fmt.Printf("%v\n%+v\n", s, s)
	fmt.Printf("%#v\n", s)
	//cell
	pts := []Point{{1, 1}, {2, 2}}
	fmt.Printf("%v %+v %T\n", pts, pts, pts)
	fmt.Printf("%#v\n", pts)
	_show(s, p)
}
