// slices.All, Backward and Values range with index and value, stop at break, and feed
// slices.Collect and slices.AppendSeq; also from generic functions of the program that
// build their own iterators over them.
package main

import (
	"fmt"
	"iter"
	"slices"
)

type Event struct {
	Kind string
	At   int
}

// Evens yields the elements at even positions.
func Evens[E any](s []E) iter.Seq[E] {
	return func(yield func(E) bool) {
		for i, v := range slices.All(s) {
			if i%2 == 0 && !yield(v) {
				return
			}
		}
	}
}

// LastN collects up to n elements from the end, last first.
func LastN[S ~[]E, E any](s S, n int) []E {
	var out []E
	for _, v := range slices.Backward(s) {
		if len(out) == n {
			break
		}
		out = append(out, v)
	}
	return out
}

func main() {
	letters := []string{"a", "b", "c", "d", "e"}
	for i, v := range slices.All(letters) {
		if i == 3 {
			break
		}
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	for i, v := range slices.Backward(letters) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	//cell
	for v := range slices.Values([]float64{1.5, 2.5, 3.5}) {
		if v > 2 {
			fmt.Println("first over 2:", v)
			break
		}
	}
	fmt.Println(slices.Collect(slices.Values(letters[1:3])), slices.Collect(Evens(letters)))
	fmt.Println(LastN(letters, 2), LastN([]int{1}, 3), LastN([]int(nil), 3) == nil)
	//cell
	evs := []Event{{"start", 1}, {"tick", 2}, {"tick", 3}, {"stop", 4}}
	fmt.Println(slices.Collect(Evens(evs)), slices.AppendSeq([]int{1}, Evens([]int{10, 20, 30})))
	fmt.Println(slices.AppendSeq([]Event{{"init", 0}}, slices.Values(evs[2:])))
	//cell
	var none []int
	n := len(slices.Collect(slices.Values(none)))
	_show(n, slices.Collect(slices.Values(none)) == nil, slices.AppendSeq(none, slices.Values(none)) == nil)
}
