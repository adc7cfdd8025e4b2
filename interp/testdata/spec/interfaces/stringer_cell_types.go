// fmt uses the String method of a cell type for %v and %s, also inside slices, maps
// and struct fields, and for Println; a String method with a pointer receiver is used
// only when fmt is given a pointer.
package main

import "fmt"

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string { return [...]string{"red", "green", "blue"}[c] }

type Card struct {
	Suit string
	Rank int
}

func (c *Card) String() string { return fmt.Sprintf("%d of %s", c.Rank, c.Suit) }

type Pixel struct {
	X, Y int
	C    Color
}

func main() {
	fmt.Println(Red, Blue)
	fmt.Printf("%v %s %d %q\n", Green, Green, Green, Green)
	//cell
	fmt.Println([]Color{Blue, Red}, map[Color]int{Green: 2, Red: 1})
	fmt.Printf("%v %+v\n", Pixel{1, 2, Blue}, Pixel{3, 4, Green})
	//cell
	c := Card{"hearts", 7}
	fmt.Println(&c)
	fmt.Println(c)
	fmt.Printf("%s|%v\n", &c, []*Card{&c})
	s := fmt.Sprint(Blue, " ", &c)
	_show(s, Green)
}
