// maps.All, Keys and Values range over a map (results sorted or summed, since the
// order varies), stop at break, and feed maps.Collect; slices.All feeds maps.Collect;
// a generic function of the program ranges over maps.All with its own type parameters.
package main

import (
	"fmt"
	"maps"
	"slices"
)

// Invert swaps keys and values.
func Invert[K, V comparable](m map[K]V) map[V]K {
	out := make(map[V]K, len(m))
	for k, v := range maps.All(m) {
		out[v] = k
	}
	return out
}

func main() {
	m := map[string]int{"one": 1, "two": 2, "three": 3, "four": 4}
	sum := 0
	for _, v := range maps.All(m) {
		sum += v
	}
	n := 0
	for range maps.Keys(m) {
		n++
		if n == 2 {
			break
		}
	}
	fmt.Println(sum, n, slices.Sorted(maps.Keys(m)), slices.Sorted(maps.Values(m)))
	found := false
	for v := range maps.Values(m) {
		if v == 3 {
			found = true
			break
		}
	}
	var big string
	for k, v := range maps.All(m) {
		if v > 3 {
			big = k
			break
		}
	}
	fmt.Println(found, big)
	//cell
	byIdx := maps.Collect(slices.All([]string{"a", "b", "c"}))
	fmt.Println(byIdx, Invert(m), Invert(map[float64]string{0.5: "half"}))
	//cell
	var none map[string]int
	fmt.Println(len(maps.Collect(maps.All(none))), maps.Collect(maps.All(none)) == nil)
	_show(len(Invert(none)), slices.Sorted(maps.Keys(none)) == nil)
}
