// maps.Keys and maps.Values are iterators; sorting them with slices.Sorted gives a
// deterministic order. maps.All, maps.Collect and maps.Insert build maps.
package main

import (
	"fmt"
	"maps"
	"slices"
)

type Stock struct {
	Qty   int
	Price float64
}

func main() {
	inv := map[string]Stock{"pen": {10, 1.5}, "ink": {3, 7}, "pad": {0, 2.25}}
	keys := slices.Sorted(maps.Keys(inv))
	fmt.Println(keys)
	total := 0
	for v := range maps.Values(inv) {
		total += v.Qty
	}
	fmt.Println(total)
	//cell
	copyOf := maps.Collect(maps.All(inv))
	copyOf["cap"] = Stock{1, 9}
	fmt.Println(len(inv), len(copyOf))
	extra := map[string]Stock{"pen": {99, 1}, "tape": {4, 3}}
	maps.Insert(inv, maps.All(extra))
	fmt.Println(slices.Sorted(maps.Keys(inv)), inv["pen"].Qty)
	//cell
	_show(inv)
}
