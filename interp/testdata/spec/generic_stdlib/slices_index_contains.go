// slices.Index, IndexFunc, Contains and ContainsFunc, on ints, strings, floats (NaN is
// never found by Index) and a comparable struct type, and from generic functions of the
// program; nil slices find nothing.
package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

type Point struct{ X, Y int }

// Has reports whether any element is in both slices.
func Has[E comparable](s []E, wanted ...E) bool {
	for _, w := range wanted {
		if slices.Contains(s, w) {
			return true
		}
	}
	return false
}

// FirstWhere returns the first element matching f and its position.
func FirstWhere[S ~[]E, E any](s S, f func(E) bool) (E, int) {
	i := slices.IndexFunc(s, f)
	if i < 0 {
		var zero E
		return zero, -1
	}
	return s[i], i
}

func main() {
	nums := []int{4, 8, 15, 16, 23, 42}
	fmt.Println(slices.Index(nums, 15), slices.Index(nums, 7), slices.Contains(nums, 42))
	fmt.Println(slices.IndexFunc(nums, func(n int) bool { return n%2 == 1 }))
	fmt.Println(slices.ContainsFunc(nums, func(n int) bool { return n > 100 }))
	//cell
	names := []string{"ada", "Grace", "linus"}
	fmt.Println(slices.Index(names, "Grace"), slices.IndexFunc(names, func(s string) bool { return strings.HasPrefix(s, "l") }))
	fmt.Println(Has(names, "bob", "ada"), Has(names, "bob"))
	fmt.Println(FirstWhere(names, func(s string) bool { return len(s) > 4 }))
	//cell
	fl := []float64{1, math.NaN(), 3}
	fmt.Println(slices.Index(fl, math.NaN()), slices.Contains(fl, 3.0))
	fmt.Println(slices.IndexFunc(fl, math.IsNaN), Has(fl, 2, 3))
	//cell
	pts := []Point{{1, 2}, {3, 4}, {0, 0}}
	fmt.Println(slices.Index(pts, Point{3, 4}), slices.Contains(pts, Point{4, 3}))
	p, at := FirstWhere(pts, func(p Point) bool { return p.X == 0 && p.Y == 0 })
	fmt.Println(p, at)
	p, at = FirstWhere(pts, func(p Point) bool { return p.X < 0 })
	fmt.Println(p, at, Has(pts, Point{1, 2}))
	//cell
	var none []Point
	_show(slices.Index(none, Point{}), slices.Contains(none, Point{}), slices.ContainsFunc(none, func(Point) bool { return true }))
}
