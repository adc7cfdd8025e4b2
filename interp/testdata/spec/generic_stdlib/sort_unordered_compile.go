// slices.Sort needs elements satisfying cmp.Ordered: a struct type of the program does
// not, so the call fails to compile (slices.SortFunc is the way).
package main

import (
	"fmt"
	"slices"
)

type Point struct{ X, Y int }

func main() {
	pts := []Point{{2, 1}, {1, 2}}
	fmt.Println(len(pts))
	//cell
	slices.Sort(pts)
	fmt.Println(pts)
}
