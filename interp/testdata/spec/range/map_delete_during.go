// Deleting a map entry not yet reached during range means it will not be produced;
// deleting the current entry is safe. Results are printed sorted.
package main

import (
	"fmt"
	"slices"
)

func main() {
	m := map[int]string{1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}
	visited := 0
	for k := range m {
		visited++
		for other := range m {
			if other != k {
				delete(m, other)
			}
		}
	}
	fmt.Println(visited, len(m))
	//cell
	m2 := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
	for k, v := range m2 {
		if v%2 == 0 {
			delete(m2, k)
		}
	}
	var keys []string
	for k := range m2 {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Println(keys)
}
