// slices.Sorted, SortedFunc and SortedStableFunc collect an iterator into a sorted
// slice (stable keeps equal elements in arrival order); fed by maps.Keys, maps.Values,
// slices.Values and an iterator of the program, and from a generic function of it.
package main

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

type Score struct {
	Player string
	Points int
}

// Countdown yields n, n-1, ..., 1.
func Countdown(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for ; n > 0; n-- {
			if !yield(n) {
				return
			}
		}
	}
}

// SortedKeys returns the keys of m in order.
func SortedKeys[M ~map[K]V, K cmp.Ordered, V any](m M) []K {
	return slices.Sorted(maps.Keys(m))
}

// TopBy returns the elements sorted by key, largest first, keeping ties in order.
func TopBy[E any](seq iter.Seq[E], key func(E) int) []E {
	return slices.SortedStableFunc(seq, func(a, b E) int { return cmp.Compare(key(b), key(a)) })
}

func main() {
	fmt.Println(slices.Sorted(Countdown(5)))
	ages := map[string]int{"zoe": 31, "al": 25, "mo": 40}
	fmt.Println(SortedKeys(ages), slices.Sorted(maps.Values(ages)))
	fmt.Println(SortedKeys(map[float64]bool{2.5: true, -1: false}))
	//cell
	words := slices.Values([]string{"Banana", "apple", "Cherry"})
	fmt.Println(slices.Sorted(words), slices.SortedFunc(words, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }))
	//cell
	scores := []Score{{"ann", 3}, {"bob", 5}, {"cat", 3}, {"dan", 5}, {"eve", 1}}
	fmt.Println(TopBy(slices.Values(scores), func(s Score) int { return s.Points }))
	fmt.Println(slices.SortedStableFunc(slices.Values(scores), func(a, b Score) int { return cmp.Compare(a.Points, b.Points) }))
	//cell
	none := slices.Sorted(Countdown(0))
	_show(none == nil, len(SortedKeys(map[string]int(nil))))
}
