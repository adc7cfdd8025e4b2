// slices.Grow makes room for n more elements without changing the length; from a
// generic function of the program; a negative n panics "cannot be negative".
package main

import (
	"fmt"
	"slices"
)

type Row struct {
	ID   int
	Name string
}

// AppendAll grows once, then appends.
func AppendAll[E any](dst []E, batches ...[]E) []E {
	n := 0
	for _, b := range batches {
		n += len(b)
	}
	dst = slices.Grow(dst, n)
	for _, b := range batches {
		dst = append(dst, b...)
	}
	return dst
}

func main() {
	s := slices.Grow([]int{1, 2}, 10)
	fmt.Println(s, len(s), cap(s) >= 12)
	var rows []Row
	rows = slices.Grow(rows, 3)
	fmt.Println(rows == nil, len(rows), cap(rows) >= 3)
	fmt.Println(slices.Grow([]string(nil), 0) == nil)
	//cell
	all := AppendAll([]Row{{1, "a"}}, []Row{{2, "b"}}, nil, []Row{{3, "c"}, {4, "d"}})
	fmt.Println(all, len(all))
	f := AppendAll[float64](nil)
	fmt.Println(f == nil, len(f))
	//cell
	fmt.Println(slices.Grow(s, -1))
}
