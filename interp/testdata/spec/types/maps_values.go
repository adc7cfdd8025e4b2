// Maps: missing keys give the zero value, comma-ok distinguishes absence, map
// elements are not addressable (update a struct element by reassigning), and maps
// of slices append in place through the map.
package main

import (
	"fmt"
	"sort"
)

type Account struct {
	Owner   string
	Balance int
}

func main() {
	ages := map[string]int{"ann": 30}
	fmt.Println(ages["bob"], len(ages))
	v, ok := ages["bob"]
	fmt.Println(v, ok)
	//cell
	accts := map[int]Account{1: {"ann", 10}}
	a := accts[1]
	a.Balance += 5
	accts[1] = a
	fmt.Println(accts[1], accts[2])
	//cell
	groups := map[string][]string{}
	for _, w := range []string{"apple", "avocado", "banana", "blueberry", "cherry"} {
		k := w[:1]
		groups[k] = append(groups[k], w)
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, groups[k])
	}
	//cell
	ptrs := map[string]*Account{"x": {"x", 1}}
	ptrs["x"].Balance = 99
	_show(ptrs["x"].Balance, len(groups))
}
