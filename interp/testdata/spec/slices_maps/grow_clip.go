// slices.Grow raises capacity without changing length, slices.Clip drops spare
// capacity, so an append after Clip cannot overwrite the original's elements.
package main

import (
	"fmt"
	"slices"
)

func main() {
	s := make([]int, 2, 10)
	s[0], s[1] = 1, 2
	a := s[:1]
	a = append(a, 99)
	fmt.Println(s, a)
	//cell
	b := slices.Clip(s[:1])
	b = append(b, 7)
	fmt.Println(s, b, cap(slices.Clip(s)))
	//cell
	g := slices.Grow([]int{1, 2, 3}, 10)
	fmt.Println(len(g), cap(g) >= 13)
	_show(slices.Grow([]int(nil), 0) == nil)
}
