// maps.Keys and maps.Values return iterators; slices.Sorted and slices.Collect turn
// them into slices; maps.Clone copies a map of a cell type.
package main

import (
	"fmt"
	"maps"
	"slices"
)

type Grade struct {
	Letter string
	Points int
}

func main() {
	grades := map[string]Grade{"ann": {"A", 95}, "bob": {"C", 74}, "cyd": {"B", 88}}
	names := slices.Sorted(maps.Keys(grades))
	fmt.Println(names)
	//cell
	points := []int{}
	for g := range maps.Values(grades) {
		points = append(points, g.Points)
	}
	slices.Sort(points)
	fmt.Println(points)
	//cell
	copyOf := maps.Clone(grades)
	copyOf["dee"] = Grade{"A", 91}
	fmt.Println(len(grades), len(copyOf), maps.Equal(grades, copyOf))
	delete(copyOf, "dee")
	_show(maps.Equal(grades, copyOf), copyOf["ann"])
}
