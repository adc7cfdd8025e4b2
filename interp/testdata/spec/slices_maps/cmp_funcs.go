// cmp.Compare and cmp.Less order NaN before every other float, cmp.Or picks the first
// non-zero value, and min/max builtins compare ints, floats and strings.
package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

type Version struct {
	Major, Minor, Patch int
}

func (a Version) Compare(b Version) int {
	return cmp.Or(
		cmp.Compare(a.Major, b.Major),
		cmp.Compare(a.Minor, b.Minor),
		cmp.Compare(a.Patch, b.Patch),
	)
}

func main() {
	nan := math.NaN()
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Compare(nan, -math.Inf(1)), cmp.Compare(nan, nan))
	fmt.Println(cmp.Less(nan, 0.0), cmp.Less(2, 1))
	fmt.Println(cmp.Or("", "fallback", "other"), cmp.Or(0, 0), cmp.Or[string]())
	//cell
	vs := []Version{{1, 2, 3}, {1, 10, 0}, {0, 9, 9}, {1, 2, 0}}
	slices.SortFunc(vs, Version.Compare)
	fmt.Println(vs)
	//cell
	_show(min(3, 1, 2), max(2.5, -1), min("b", "a", "c"))
}
