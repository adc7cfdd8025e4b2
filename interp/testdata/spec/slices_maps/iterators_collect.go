// Iterator functions of slices: All, Values, Backward, Chunk, Collect, Sorted,
// AppendSeq, and SortedFunc over a slice of program structs.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Task struct {
	Name string
	Prio int
}

func main() {
	xs := []string{"c", "a", "b"}
	for i, v := range slices.All(xs) {
		fmt.Print(i, "=", v, " ")
	}
	fmt.Println()
	for i, v := range slices.Backward(xs) {
		fmt.Print(i, "=", v, " ")
	}
	fmt.Println()
	//cell
	sorted := slices.Sorted(slices.Values(xs))
	fmt.Println(sorted, xs)
	copyOf := slices.Collect(slices.Values(xs))
	fmt.Println(copyOf, len(copyOf))
	more := slices.AppendSeq([]string{"z"}, slices.Values(sorted))
	fmt.Println(more)
	//cell
	for chunk := range slices.Chunk([]int{1, 2, 3, 4, 5, 6, 7}, 3) {
		fmt.Println(chunk, len(chunk))
	}
	//cell
	tasks := []Task{{"b", 2}, {"a", 3}, {"c", 1}}
	byPrio := slices.SortedFunc(slices.Values(tasks), func(x, y Task) int { return cmp.Compare(x.Prio, y.Prio) })
	_show(byPrio)
}
