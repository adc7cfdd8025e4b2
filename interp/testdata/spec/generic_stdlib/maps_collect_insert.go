// maps.Collect builds a map from an iterator of the program, maps.Insert adds the pairs
// of an iterator to a map (later pairs overwrite), with a struct value type, from
// generic functions of the program.
package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
)

type Product struct {
	Name  string
	Price float64
}

// Index maps each element to its key.
func Index[K comparable, V any](s []V, key func(V) K) map[K]V {
	return maps.Collect(func(yield func(K, V) bool) {
		for _, v := range s {
			if !yield(key(v), v) {
				return
			}
		}
	})
}

// Filter yields the pairs whose value passes f.
func Filter[K comparable, V any](seq iter.Seq2[K, V], f func(V) bool) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for k, v := range seq {
			if f(v) && !yield(k, v) {
				return
			}
		}
	}
}

func main() {
	m := map[string]int{"one": 1, "two": 2, "three": 3, "four": 4}
	fmt.Println(maps.Collect(Filter(maps.All(m), func(v int) bool { return v > 2 })))
	for k := range Filter(maps.All(m), func(v int) bool { return v%2 == 0 }) {
		fmt.Println("one even:", len(k) > 0)
		break
	}
	//cell
	catalog := Index([]Product{{"pen", 1.5}, {"ink", 7}, {"pad", 3.25}}, func(p Product) string { return p.Name })
	fmt.Println(catalog["ink"], len(catalog))
	maps.Insert(catalog, maps.All(map[string]Product{"pen": {"pen", 2}, "cap": {"cap", 0.5}}))
	fmt.Println(catalog)
	byPrice := Index(slices.Collect(maps.Values(catalog)), func(p Product) float64 { return p.Price })
	fmt.Println(slices.Sorted(maps.Keys(byPrice)))
	//cell
	dst := map[int]string{}
	maps.Insert(dst, slices.All([]string{"x", "y"}))
	maps.Insert(dst, slices.Backward([]string{"p", "q", "r"}))
	_show(dst, len(Index([]int(nil), func(int) int { return 0 })))
}
