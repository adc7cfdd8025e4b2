// Embedded (anonymous) fields: their fields and methods are promoted, the field
// name is the type name, and the outer type's own fields shadow promoted ones.
package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) Sum() int { return p.X + p.Y }

func (p *Point) Move(dx int) { p.X += dx }

type Named struct {
	Point
	Name string
	Y    string
}

func main() {
	n := Named{Point{1, 2}, "origin", "shadow"}
	fmt.Println(n.X, n.Y, n.Point.Y, n.Sum())
	n.Move(10)
	fmt.Println(n.Point, n.X)
	//cell
	fmt.Printf("%+v\n", n)
	p := &n
	p.Move(1)
	_show(p.Sum(), n.Point.Sum())
}
