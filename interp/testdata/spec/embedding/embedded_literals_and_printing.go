// Composite literals name an embedded field by its type name; %v, %+v and %#v print
// embedded structs as fields of that name, and a promoted method value is bound to
// the embedded value.
package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) Sum() int { return p.X + p.Y }

type Circle struct {
	Point
	Radius int
}

type Wheel struct {
	Circle
	Spokes int
}

func main() {
	w := Wheel{Circle{Point{8, 8}, 5}, 20}
	fmt.Printf("%v\n", w)
	fmt.Printf("%+v\n", w)
	//cell
	w2 := Wheel{Circle: Circle{Point: Point{X: 1, Y: 2}, Radius: 3}, Spokes: 4}
	fmt.Printf("%#v\n", w2)
	//cell
	sum := w2.Sum
	w2.X = 100
	fmt.Println(sum(), w2.Sum())
	_show(w2.Point, w2.Circle)
}
