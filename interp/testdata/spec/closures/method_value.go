// A method value x.M is a function bound to its receiver; with a value receiver the
// receiver is copied when the method value is evaluated, with a pointer receiver later
// changes are seen.
package main

import "fmt"

type Point struct{ X, Y int }

func (p Point) String() string { return fmt.Sprintf("(%d,%d)", p.X, p.Y) }

func (p *Point) Move(dx, dy int) { p.X += dx; p.Y += dy }

func apply(f func(int, int), n int) {
	for i := 0; i < n; i++ {
		f(1, 2)
	}
}

func main() {
	p := Point{1, 1}
	str := p.String
	move := p.Move
	apply(move, 3)
	fmt.Println(p, str())
	//cell
	p.X = 100
	fmt.Println(str(), p.String())
}
