// slices.Compact and CompactFunc (runs of equal elements collapse, the tail of the
// original is zeroed), Clone (nil stays nil, the copy is independent), Clip (capacity cut
// to length), with a struct type and from a generic function of the program.
package main

import (
	"fmt"
	"slices"
	"strings"
)

type Reading struct {
	Sensor string
	Value  float64
}

// Unique returns the sorted distinct elements without touching s.
func Unique[S ~[]E, E interface{ ~int | ~string }](s S) S {
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Clip(slices.Compact(c))
}

func main() {
	s := []int{1, 1, 2, 2, 2, 3, 1, 1}
	c := slices.Compact(s)
	fmt.Println(c, s)
	fmt.Println(Unique([]string{"b", "a", "b", "c", "a"}), Unique([]int{3, 3, 1}))
	u := Unique([]int{5, 4, 5, 4})
	fmt.Println(len(u), cap(u))
	//cell
	words := []string{"Go", "go", "GO", "rust", "Rust", "go"}
	fmt.Println(slices.CompactFunc(words, strings.EqualFold))
	rs := []Reading{{"a", 1}, {"a", 2}, {"b", 3}, {"b", 3}, {"a", 4}}
	fmt.Println(slices.CompactFunc(rs, func(x, y Reading) bool { return x.Sensor == y.Sensor }))
	fmt.Println(slices.Compact(rs[:0]), slices.Compact([]int(nil)) == nil)
	//cell
	var none []string
	fmt.Println(slices.Clone(none) == nil, slices.Clone([]string{}) == nil)
	orig := []Reading{{"t", 20.5}}
	cp := slices.Clone(orig)
	cp[0].Value = 99
	fmt.Println(orig, cp)
	//cell
	big := make([]int, 2, 10)
	clipped := slices.Clip(big)
	fmt.Println(len(clipped), cap(clipped))
	clipped = append(clipped, 7)
	big = append(big, 8)
	_show(clipped, big)
}
