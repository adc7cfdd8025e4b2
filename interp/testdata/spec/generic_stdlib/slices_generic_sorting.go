// Generic helpers of the program passing their own type parameters to slices.Reverse,
// IsSortedFunc, SortFunc and BinarySearchFunc, instantiated with ints, strings, floats
// and a struct type.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type Line struct {
	No   int
	Text string
}

// Reversed returns a reversed copy.
func Reversed[S ~[]E, E any](s S) S {
	c := slices.Clone(s)
	slices.Reverse(c)
	return c
}

// EnsureSorted sorts s with cmp unless it already is, and says which.
func EnsureSorted[E any](s []E, cmp func(a, b E) int) string {
	if slices.IsSortedFunc(s, cmp) {
		return "already sorted"
	}
	slices.SortFunc(s, cmp)
	return "sorted"
}

// Lookup finds key in s sorted by key.
func Lookup[E any, K cmp.Ordered](s []E, key func(E) K, k K) (E, bool) {
	i, ok := slices.BinarySearchFunc(s, k, func(e E, k K) int { return cmp.Compare(key(e), k) })
	if !ok {
		var zero E
		return zero, false
	}
	return s[i], true
}

func main() {
	fmt.Println(Reversed([]int{1, 2, 3}), Reversed([]string{"a", "b"}), Reversed([]float64(nil)) == nil)
	//cell
	lines := []Line{{3, "c"}, {1, "a"}, {2, "b"}, {2, "b2"}}
	byNo := func(a, b Line) int { return cmp.Compare(a.No, b.No) }
	fmt.Println(EnsureSorted(lines, byNo), lines)
	fmt.Println(EnsureSorted(lines, byNo))
	fmt.Println(EnsureSorted([]string{"b", "a"}, strings.Compare), EnsureSorted([]float64{}, cmp.Compare[float64]))
	//cell
	fmt.Println(Lookup(lines, func(l Line) int { return l.No }, 2))
	fmt.Println(Lookup(lines, func(l Line) int { return l.No }, 9))
	_show(Lookup([]string{"ant", "bee", "cat"}, func(s string) byte { return s[0] }, 'b'))
}
