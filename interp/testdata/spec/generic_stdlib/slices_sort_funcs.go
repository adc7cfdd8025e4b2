// slices.Sort, SortFunc, SortStableFunc, IsSorted and IsSortedFunc with ints, strings,
// floats (NaN sorts first) and a struct type of the program, called directly and from a
// generic function of the program that passes its own type parameters.
package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

type Employee struct {
	Name string
	Dept string
	Age  int
}

// SortedCopy sorts a copy with the program's type parameter S.
func SortedCopy[S ~[]E, E cmp.Ordered](s S) S {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

// SortBy sorts by a key extracted from each element.
func SortBy[T any, K cmp.Ordered](s []T, key func(T) K) {
	slices.SortStableFunc(s, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}

func main() {
	ints := []int{5, 2, 8, 1, 9, 2}
	slices.Sort(ints)
	fmt.Println(ints, slices.IsSorted(ints))
	words := []string{"pear", "Apple", "fig", "banana"}
	fmt.Println(SortedCopy(words), words)
	fmt.Println(slices.IsSorted(words))
	//cell
	fl := []float64{2.5, math.NaN(), -1, math.Inf(1), 0}
	slices.Sort(fl)
	fmt.Println(fl, slices.IsSorted(fl))
	fmt.Println(SortedCopy([]float32{3, 1, 2}))
	//cell
	staff := []Employee{{"Ann", "ops", 41}, {"Bob", "dev", 29}, {"Cid", "ops", 29}, {"Dee", "dev", 35}}
	slices.SortFunc(staff, func(a, b Employee) int { return strings.Compare(a.Name, b.Name) })
	fmt.Println(staff)
	SortBy(staff, func(e Employee) string { return e.Dept })
	fmt.Println(staff)
	SortBy(staff, func(e Employee) int { return e.Age })
	fmt.Println(staff)
	byAge := func(a, b Employee) int { return cmp.Compare(a.Age, b.Age) }
	fmt.Println(slices.IsSortedFunc(staff, byAge))
	slices.Reverse(staff)
	_show(slices.IsSortedFunc(staff, byAge), len(staff))
	//cell
	var empty []int
	slices.Sort(empty)
	slices.SortFunc(empty, cmp.Compare[int])
	fmt.Println(empty == nil, slices.IsSorted(empty), slices.IsSortedFunc([]string{}, strings.Compare))
}
