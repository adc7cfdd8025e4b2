// slices.Sort, BinarySearch (found and insertion point), BinarySearchFunc on a slice
// of program structs sorted by a key, Index, IndexFunc and Contains.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Entry struct {
	Key   string
	Value int
}

func main() {
	xs := []int{42, 7, 19, 3, 7, 88}
	slices.Sort(xs)
	fmt.Println(xs)
	i, found := slices.BinarySearch(xs, 19)
	fmt.Println(i, found)
	i, found = slices.BinarySearch(xs, 20)
	fmt.Println(i, found)
	//cell
	entries := []Entry{{"b", 2}, {"d", 4}, {"a", 1}, {"c", 3}}
	slices.SortFunc(entries, func(x, y Entry) int { return cmp.Compare(x.Key, y.Key) })
	j, ok := slices.BinarySearchFunc(entries, "c", func(e Entry, k string) int { return cmp.Compare(e.Key, k) })
	fmt.Println(j, ok, entries[j])
	//cell
	fmt.Println(slices.Index(xs, 7), slices.Index(xs, 100), slices.Contains(xs, 88))
	fmt.Println(slices.IndexFunc(entries, func(e Entry) bool { return e.Value > 2 }))
	_show(slices.ContainsFunc(entries, func(e Entry) bool { return e.Key == "z" }))
}
