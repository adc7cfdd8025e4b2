// Generic helpers of the program built on package maps, passing their own type
// parameters to maps.Equal, EqualFunc, Insert, Keys, Values and Collect, with string,
// int and float keys and a struct value type.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

type Stock struct {
	Qty   int
	Price float64
}

// SortedValues returns the values of m ordered by key.
func SortedValues[K cmp.Ordered, V any](m map[K]V) []V {
	var out []V
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// Total sums the values of m.
func Total[K comparable, V int | float64](m map[K]V) V {
	var t V
	for v := range maps.Values(m) {
		t += v
	}
	return t
}

// Changed reports whether two snapshots differ.
func Changed[M ~map[K]V, K, V comparable](before, after M) bool {
	return !maps.Equal(before, after)
}

// SameKeys reports whether two maps have the same keys, whatever their values.
func SameKeys[K comparable, V1, V2 any](a map[K]V1, b map[K]V2) bool {
	return maps.EqualFunc(a, b, func(V1, V2) bool { return true })
}

// Union adds b's entries to a copy of a.
func Union[K comparable, V any](a, b map[K]V) map[K]V {
	out := maps.Collect(maps.All(a))
	maps.Insert(out, maps.All(b))
	return out
}

func main() {
	inv := map[string]Stock{"bolt": {100, 0.05}, "nut": {250, 0.02}, "gear": {3, 12.5}}
	fmt.Println(SortedValues(inv))
	fmt.Println(SortedValues(map[float64]string{2.5: "b", -1: "a"}), SortedValues(map[int]bool(nil)) == nil)
	fmt.Println(Total(map[string]int{"a": 2, "b": 3}), Total(map[int]float64{1: 0.5, 2: 0.25}))
	//cell
	snap := map[string]Stock{"bolt": {100, 0.05}}
	later := maps.Clone(snap)
	fmt.Println(Changed(snap, later))
	later["bolt"] = Stock{99, 0.05}
	fmt.Println(Changed(snap, later), SameKeys(snap, later), SameKeys(inv, map[string]int{"bolt": 1}))
	//cell
	u := Union(map[int]string{1: "one", 2: "two"}, map[int]string{2: "TWO", 3: "three"})
	fmt.Println(u, len(u))
	_show(Union[string, Stock](nil, nil) == nil, len(Union(nil, inv)))
}
