// Type arguments are inferred from ordinary arguments, including function arguments:
// generic Map, Filter and Reduce over slices of cell types.
package main

import (
	"fmt"
	"strconv"
	"strings"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

type Item struct {
	Name  string
	Price int
}

func main() {
	nums := []int{1, 2, 3, 4, 5}
	strs := Map(nums, strconv.Itoa)
	fmt.Println(strings.Join(strs, "+"))
	evens := Filter(nums, func(n int) bool { return n%2 == 0 })
	fmt.Println(evens)
	//cell
	items := []Item{{"pen", 3}, {"book", 12}, {"cup", 5}}
	names := Map(items, func(it Item) string { return it.Name })
	total := Reduce(items, 0, func(acc int, it Item) int { return acc + it.Price })
	fmt.Println(names, total)
	//cell
	cheap := Filter(items, func(it Item) bool { return it.Price < 10 })
	_show(cheap, Reduce(names, "", func(a, s string) string { return a + s[:1] }))
}
