// slices.BinarySearch and BinarySearchFunc: the position where the target is or would
// be inserted, and whether it was found; on ints, strings, floats and a struct type
// searched by a key of another type, also from a generic function of the program.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Version struct {
	Major, Minor int
}

func cmpVersion(v Version, t Version) int {
	return cmp.Or(cmp.Compare(v.Major, t.Major), cmp.Compare(v.Minor, t.Minor))
}

// InsertSorted keeps s sorted, using the program's type parameter.
func InsertSorted[E cmp.Ordered](s []E, v E) []E {
	i, found := slices.BinarySearch(s, v)
	if found {
		return s
	}
	return slices.Insert(s, i, v)
}

func main() {
	xs := []int{10, 20, 30, 40}
	for _, t := range []int{5, 10, 25, 40, 99} {
		i, ok := slices.BinarySearch(xs, t)
		fmt.Println(t, i, ok)
	}
	//cell
	var set []string
	for _, w := range []string{"kiwi", "apple", "mango", "apple", "cherry"} {
		set = InsertSorted(set, w)
	}
	fmt.Println(set, len(set))
	fmt.Println(InsertSorted([]float64{1.5, 2.5}, 2.0))
	//cell
	vs := []Version{{1, 0}, {1, 4}, {2, 1}, {3, 0}}
	i, ok := slices.BinarySearchFunc(vs, Version{2, 1}, cmpVersion)
	fmt.Println(i, ok)
	i, ok = slices.BinarySearchFunc(vs, Version{1, 9}, cmpVersion)
	fmt.Println(i, ok)
	j, ok := slices.BinarySearchFunc(vs, 3, func(v Version, major int) int { return cmp.Compare(v.Major, major) })
	fmt.Println(j, ok)
	//cell
	var none []int
	i, ok = slices.BinarySearch(none, 7)
	fmt.Println(i, ok)
	_show(slices.BinarySearchFunc([]Version{}, 1, func(v Version, m int) int { return 0 }))
}
