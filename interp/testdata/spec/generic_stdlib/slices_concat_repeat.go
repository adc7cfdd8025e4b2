// slices.Concat (of none, of nil and empty slices, of a named slice type) and
// slices.Repeat, from a generic function of the program too; Repeat with a negative
// count panics "cannot be negative".
package main

import (
	"fmt"
	"slices"
)

type Tile struct {
	Glyph rune
	Solid bool
}

type Path []string

// Border builds a row of n copies of edge around a middle.
func Border[E any](edge E, middle []E, n int) []E {
	side := slices.Repeat([]E{edge}, n)
	return slices.Concat(side, middle, side)
}

func main() {
	fmt.Println(slices.Concat([]int{1, 2}, []int{3}, nil, []int{}, []int{4, 5}))
	fmt.Println(slices.Concat[[]int]() == nil, slices.Concat([]int(nil), []int{}) == nil)
	p := slices.Concat(Path{"usr"}, Path{"local", "bin"})
	fmt.Printf("%q %d\n", p, len(p))
	//cell
	fmt.Println(slices.Repeat([]string{"ab", "c"}, 3), len(slices.Repeat([]int{1}, 0)))
	fmt.Println(Border('#', []rune("go"), 2), string(Border('#', []rune("go"), 2)))
	row := Border(Tile{'#', true}, []Tile{{'.', false}}, 1)
	fmt.Println(row)
	fmt.Println(Border(0.5, nil, 3))
	//cell
	n := -2
	fmt.Println(slices.Repeat([]int{1, 2}, n))
}
