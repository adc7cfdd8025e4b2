// maps.Keys and maps.Values return iterators; slices.Sorted collects and sorts them,
// which gives a deterministic order.
package main

import (
	"fmt"
	"maps"
	"slices"
)

func main() {
	ages := map[string]int{"carol": 35, "alice": 30, "bob": 25}
	for _, name := range slices.Sorted(maps.Keys(ages)) {
		fmt.Println(name, ages[name])
	}
	//cell
	vals := slices.Sorted(maps.Values(ages))
	fmt.Println(vals)
	//cell
	copyOf := maps.Collect(maps.All(ages))
	_show(len(copyOf), copyOf["bob"])
}
