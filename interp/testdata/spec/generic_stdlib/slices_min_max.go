// slices.Min, Max, MinFunc and MaxFunc: a NaN anywhere makes Min and Max NaN, MinFunc
// and MaxFunc return the first of several equal extremes; with a struct type and from a
// generic function of the program. Max of an empty slice panics.
package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

type City struct {
	Name string
	Pop  int
}

// Spread returns max - min using the program's type parameter.
func Spread[E int | int64 | float64](xs []E) E {
	return slices.Max(xs) - slices.Min(xs)
}

// Extremes returns the smallest and largest elements by cmp.
func Extremes[T any](xs []T, cmp func(a, b T) int) (T, T) {
	return slices.MinFunc(xs, cmp), slices.MaxFunc(xs, cmp)
}

func main() {
	ints := []int{3, -7, 12, 0}
	fmt.Println(slices.Min(ints), slices.Max(ints), Spread(ints))
	fmt.Println(slices.Min([]string{"pear", "apple", "zoo"}), slices.Max([]string{"pear", "apple", "zoo"}))
	fmt.Println(Spread([]float64{1.5, -2.5, 4}), slices.Max([]float64{1, math.NaN(), 3}), slices.Min([]float64{math.Inf(-1), math.NaN()}))
	//cell
	cities := []City{{"Oslo", 700}, {"Lima", 9700}, {"Bern", 130}, {"Pune", 9700}}
	byPop := func(a, b City) int { return cmp.Compare(a.Pop, b.Pop) }
	lo, hi := Extremes(cities, byPop)
	fmt.Println(lo, hi)
	fmt.Println(slices.MaxFunc(cities, func(a, b City) int { return strings.Compare(a.Name, b.Name) }))
	_show(Extremes([]string{"bb", "a", "ccc", "dd"}, func(a, b string) int { return cmp.Compare(len(a), len(b)) }))
	//cell
	fmt.Println(slices.Min([]int{42}), slices.MaxFunc([]int{5}, cmp.Compare[int]))
	var none []float64
	fmt.Println(slices.Max(none))
}
