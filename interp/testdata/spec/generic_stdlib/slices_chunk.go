// slices.Chunk yields consecutive sub-slices of n elements (the last may be shorter);
// ranged with break, collected, and used from a generic function of the program; a size
// below 1 panics "cannot be less than 1".
package main

import (
	"fmt"
	"slices"
)

type Msg struct {
	ID   int
	Body string
}

// Batches splits s into batches of at most n and reports their sizes.
func Batches[S ~[]E, E any](s S, n int) []int {
	var sizes []int
	for c := range slices.Chunk(s, n) {
		sizes = append(sizes, len(c))
	}
	return sizes
}

func main() {
	nums := []int{1, 2, 3, 4, 5, 6, 7}
	for c := range slices.Chunk(nums, 3) {
		fmt.Println(c, len(c), cap(c))
	}
	for c := range slices.Chunk(nums, 2) {
		if c[0] > 3 {
			break
		}
		fmt.Print(c, " ")
	}
	fmt.Println()
	//cell
	fmt.Println(slices.Collect(slices.Chunk([]string{"a", "b", "c"}, 2)))
	fmt.Println(Batches(nums, 4), Batches([]Msg{{1, "hi"}, {2, "yo"}, {3, "ok"}}, 1), Batches([]float64(nil), 5) == nil)
	msgs := []Msg{{1, "a"}, {2, "b"}, {3, "c"}}
	for batch := range slices.Chunk(msgs, 2) {
		fmt.Println(batch)
	}
	//cell
	for c := range slices.Chunk(nums, 0) {
		fmt.Println(c)
	}
}
