// slices.Equal, EqualFunc, Compare and CompareFunc: nil and empty slices are equal, NaN
// elements make Equal false, Compare orders lexicographically with the shorter prefix
// first; with a struct type of the program and from generic functions of the program.
package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

type Item struct {
	SKU string
	Qty int
}

// SameSet reports whether a and b hold the same elements in any order.
func SameSet[E cmp.Ordered](a, b []E) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// CompareBy compares two slices by a key of their elements.
func CompareBy[E any, K cmp.Ordered](a, b []E, key func(E) K) int {
	return slices.CompareFunc(a, b, func(x, y E) int { return cmp.Compare(key(x), key(y)) })
}

func main() {
	var nilInts []int
	fmt.Println(slices.Equal(nilInts, []int{}), slices.Equal([]int{1, 2}, []int{1, 2}), slices.Equal([]int{1}, []int{1, 2}))
	fmt.Println(slices.Equal([]float64{math.NaN()}, []float64{math.NaN()}), slices.Equal([]float64{0}, []float64{math.Copysign(0, -1)}))
	fmt.Println(SameSet([]string{"b", "a", "c"}, []string{"c", "b", "a"}), SameSet([]int{1, 1, 2}, []int{1, 2, 2}))
	//cell
	fmt.Println(slices.Compare([]int{1, 2, 3}, []int{1, 2, 4}), slices.Compare([]int{1, 2}, []int{1, 2, 0}), slices.Compare(nilInts, nil))
	fmt.Println(slices.Compare([]string{"b"}, []string{"a", "z"}), slices.Compare([]float64{math.NaN()}, []float64{1}))
	//cell
	a := []Item{{"x1", 2}, {"y2", 5}}
	b := []Item{{"x1", 2}, {"y2", 5}}
	fmt.Println(slices.Equal(a, b))
	b[1].Qty = 6
	fmt.Println(slices.Equal(a, b), CompareBy(a, b, func(i Item) int { return i.Qty }), CompareBy(a, b, func(i Item) string { return i.SKU }))
	//cell
	nums := []int{1, 2, 3}
	strs := []string{"1", "2", "3"}
	eq := slices.EqualFunc(nums, strs, func(n int, s string) bool { return strconv.Itoa(n) == s })
	fmt.Println(eq)
	fmt.Println(slices.EqualFunc([]string{"Go", "GO"}, []string{"go", "go"}, strings.EqualFold))
	c := slices.CompareFunc(nums, strs, func(n int, s string) int { v, _ := strconv.Atoi(s); return cmp.Compare(n, v+1) })
	_show(c, slices.EqualFunc(nilInts, []string{}, func(int, string) bool { return false }))
}
