// delete removes a map entry; deleting a missing key or from a nil map is a no-op;
// deleting during range is allowed and the deleted entry is not produced later.
package main

import (
	"fmt"
	"sort"
)

func main() {
	m := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
	delete(m, "a")
	delete(m, "zzz")
	_, ok := m["a"]
	fmt.Println(len(m), ok)
	//cell
	for k, v := range m {
		if v%2 == 0 {
			delete(m, k)
		}
	}
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Println(keys)
	//cell
	var nilMap map[string]int
	delete(nilMap, "x")
	_show(len(nilMap), len(m))
}
