// A pointer method may be called on an addressable value: x.M() is shorthand for
// (&x).M() for variables, slice elements, array elements and fields of addressable
// structs.
package main

import "fmt"

type Point struct{ X, Y int }

func (p *Point) Move(dx, dy int) {
	p.X += dx
	p.Y += dy
}

type Shape struct {
	Name   string
	Corner Point
}

func main() {
	var pt Point
	pt.Move(1, 2)
	fmt.Println("variable:", pt)
	//cell
	pts := []Point{{0, 0}, {5, 5}}
	pts[1].Move(1, 1)
	fmt.Println("slice element:", pts)
	//cell
	var arr [2]Point
	arr[0].Move(3, 3)
	fmt.Println("array element:", arr)
	//cell
	s := Shape{Name: "box"}
	s.Corner.Move(7, 8)
	fmt.Println("field:", s)
	//cell
	sp := &Shape{Name: "ptr"}
	sp.Corner.Move(-1, -1)
	fmt.Println("field via pointer:", *sp)
	for i := range pts {
		pts[i].Move(10, 0)
	}
	_show(pts)
}
