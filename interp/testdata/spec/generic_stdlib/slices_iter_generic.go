// Iterator pipelines written as generic functions of the program over slices.Values,
// slices.Collect, slices.Sorted and slices.Compact, with strings and ints, ranged with
// break.
package main

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
)

// Map applies f to every element of seq.
func Map[T, U any](seq iter.Seq[T], f func(T) U) iter.Seq[U] {
	return func(yield func(U) bool) {
		for v := range seq {
			if !yield(f(v)) {
				return
			}
		}
	}
}

// Take stops after n elements.
func Take[T any](seq iter.Seq[T], n int) iter.Seq[T] {
	return func(yield func(T) bool) {
		if n <= 0 {
			return
		}
		i := 0
		for v := range seq {
			if !yield(v) {
				return
			}
			i++
			if i == n {
				return
			}
		}
	}
}

// Distinct returns the sorted distinct values of seq.
func Distinct[E cmp.Ordered](seq iter.Seq[E]) []E {
	return slices.Compact(slices.Sorted(seq))
}

func main() {
	words := []string{"delta", "alpha", "charlie", "alpha", "bravo"}
	fmt.Println(slices.Collect(Map(slices.Values(words), strings.ToUpper)))
	fmt.Println(slices.Collect(Take(slices.Values(words), 2)), Distinct(slices.Values(words)))
	fmt.Println(Distinct(Map(slices.Values(words), func(s string) int { return len(s) })))
	//cell
	for n := range Take(Map(slices.Values([]int{1, 2, 3, 4, 5}), func(i int) int { return i * i }), 4) {
		if n > 9 {
			break
		}
		fmt.Print(n, " ")
	}
	fmt.Println()
	_show(slices.Collect(Take(slices.Values(words), 0)) == nil, Distinct(Take(slices.Values([]float64{2, 1, 2}), 3)))
}
