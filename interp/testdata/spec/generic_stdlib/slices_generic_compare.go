// Generic helpers of the program passing their own type parameters to
// slices.CompactFunc, Compare, IsSorted, Index, ContainsFunc, EqualFunc and Replace,
// instantiated with ints, strings, floats and a struct type.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Line struct {
	No   int
	Text string
}

// Squeeze collapses runs of elements with the same key.
func Squeeze[E any, K comparable](s []E, key func(E) K) []E {
	return slices.CompactFunc(s, func(a, b E) bool { return key(a) == key(b) })
}

// Describe summarizes an ordered slice against a reference.
func Describe[E cmp.Ordered](s, ref []E, probe E) string {
	return fmt.Sprint(slices.Compare(s, ref), slices.IsSorted(s), slices.Index(s, probe),
		slices.ContainsFunc(s, func(e E) bool { return e > probe }))
}

// SameBy compares two slices of different element types through keys.
func SameBy[A, B any, K comparable](a []A, b []B, ka func(A) K, kb func(B) K) bool {
	return slices.EqualFunc(a, b, func(x A, y B) bool { return ka(x) == kb(y) })
}

// Splice replaces s[i:j] with the elements of with.
func Splice[S ~[]E, E any](s S, i, j int, with S) S {
	return slices.Replace(s, i, j, with...)
}

func main() {
	fmt.Println(Describe([]int{1, 3, 5}, []int{1, 3}, 3), Describe([]string{"b", "a"}, nil, "z"), Describe([]float64{0.5}, []float64{0.5}, 0.1))
	//cell
	lines := []Line{{1, "a"}, {2, "b"}, {2, "b2"}, {3, "c"}}
	fmt.Println(Squeeze(slices.Clone(lines), func(l Line) int { return l.No }))
	fmt.Println(Squeeze([]float64{1.1, 1.9, 2.5, 3.2}, func(f float64) int { return int(f) }))
	fmt.Println(SameBy(lines[:2], []int{1, 2}, func(l Line) int { return l.No }, func(n int) int { return n }))
	//cell
	_show(Splice([]int{0, 1, 2, 3}, 1, 3, []int{9}), Splice([]string{"x"}, 0, 1, nil), Splice(lines, 0, 3, []Line{{0, "z"}}))
}
