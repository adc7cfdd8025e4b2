// sort.Ints, sort.Strings and sort.Float64s sort in place (byte order for strings,
// NaN first for floats), and sort.StringSlice's methods.
package main

import (
	"fmt"
	"math"
	"sort"
)

func main() {
	ints := []int{5, -2, 9, 0, 5}
	sort.Ints(ints)
	fmt.Println(ints, sort.IntsAreSorted(ints))
	words := []string{"banana", "Apple", "cherry", "apple", "Banana"}
	sort.Strings(words)
	fmt.Println(words)
	//cell
	fs := []float64{2.5, math.NaN(), -1, math.Inf(1), 0}
	sort.Float64s(fs)
	fmt.Println(fs)
	//cell
	ss := sort.StringSlice{"c", "a", "b"}
	ss.Sort()
	fmt.Println(ss, ss.Search("b"), ss.Len())
	sort.Sort(sort.Reverse(sort.IntSlice(ints)))
	_show(ints)
}
