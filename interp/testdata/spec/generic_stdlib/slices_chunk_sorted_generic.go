// Generic functions of the program passing their type parameters to slices.Chunk,
// slices.AppendSeq, slices.Values and slices.SortedFunc, with ints, floats, strings and
// a struct type.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Order struct {
	ID    int
	Total float64
}

// SumChunks sums each chunk of size n.
func SumChunks[E int | float64](s []E, n int) []E {
	var sums []E
	for c := range slices.Chunk(s, n) {
		var t E
		for _, v := range c {
			t += v
		}
		sums = append(sums, t)
	}
	return sums
}

// AppendAll appends the elements of every src to dst.
func AppendAll[E any](dst []E, srcs ...[]E) []E {
	for _, s := range srcs {
		dst = slices.AppendSeq(dst, slices.Values(s))
	}
	return dst
}

// SortedDesc returns the elements by key, largest first.
func SortedDesc[E any, K cmp.Ordered](s []E, key func(E) K) []E {
	return slices.SortedFunc(slices.Values(s), func(a, b E) int { return cmp.Compare(key(b), key(a)) })
}

func main() {
	fmt.Println(SumChunks([]int{1, 2, 3, 4, 5}, 2), SumChunks([]float64{0.5, 0.25, 1}, 3), SumChunks([]int{}, 4) == nil)
	fmt.Println(AppendAll([]string{"a"}, []string{"b", "c"}, nil, []string{"d"}), AppendAll[int](nil) == nil)
	//cell
	orders := []Order{{1, 9.5}, {2, 120}, {3, 42.25}}
	fmt.Println(SortedDesc(orders, func(o Order) float64 { return o.Total }))
	fmt.Println(SortedDesc([]string{"kiwi", "fig", "banana"}, func(s string) int { return len(s) }))
	_show(AppendAll(orders[:1], orders[2:]), SortedDesc([]int{3, 1, 2}, func(i int) int { return i }))
}
