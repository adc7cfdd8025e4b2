// sort.Search finds the first index where a predicate turns true in a sorted slice;
// SearchInts/SearchStrings give the insertion point, and sort.Find compares.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Version struct {
	Major, Minor int
}

func main() {
	xs := []int{1, 3, 3, 5, 8, 13}
	for _, t := range []int{3, 4, 0, 20} {
		i := sort.Search(len(xs), func(i int) bool { return xs[i] >= t })
		found := i < len(xs) && xs[i] == t
		fmt.Println(t, i, found)
	}
	//cell
	fmt.Println(sort.SearchInts(xs, 8), sort.SearchStrings([]string{"a", "c", "e"}, "d"))
	//cell
	vs := []Version{{1, 0}, {1, 4}, {2, 1}, {3, 0}}
	want := Version{2, 0}
	i := sort.Search(len(vs), func(i int) bool {
		v := vs[i]
		return v.Major > want.Major || v.Major == want.Major && v.Minor >= want.Minor
	})
	fmt.Println("insert at", i, vs[i])
	//cell
	names := []string{"ant", "bee", "cat", "dog"}
	idx, ok := sort.Find(len(names), func(i int) int { return strings.Compare("cat", names[i]) })
	_show(idx, ok)
}
