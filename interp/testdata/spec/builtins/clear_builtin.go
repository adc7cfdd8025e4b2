// clear deletes every entry of a map and sets every element of a slice to its zero
// value, keeping the slice's length.
package main

import "fmt"

type item struct {
	name string
	n    int
}

func main() {
	m := map[string]int{"a": 1, "b": 2}
	alias := m
	clear(m)
	fmt.Println(len(m), len(alias), m["a"])
	m["c"] = 3
	fmt.Println(alias)
	//cell
	s := []int{1, 2, 3, 4}
	clear(s[1:3])
	fmt.Println(s, len(s))
	items := []item{{"x", 1}, {"y", 2}}
	clear(items)
	fmt.Printf("%+v\n", items)
	//cell
	var nilMap map[int]bool
	clear(nilMap)
	ptrs := []*int{new(int)}
	clear(ptrs)
	_show(len(nilMap), ptrs[0] == nil)
}
