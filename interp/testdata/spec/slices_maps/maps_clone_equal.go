// maps.Clone is a shallow copy, maps.Equal and EqualFunc compare, maps.DeleteFunc
// removes matching entries, and maps.Copy merges; fmt prints maps sorted by key.
package main

import (
	"fmt"
	"maps"
	"strings"
)

type Point struct{ X, Y int }

func main() {
	m := map[string][]int{"a": {1, 2}, "b": {3}}
	c := maps.Clone(m)
	c["a"][0] = 100
	c["c"] = nil
	fmt.Println(m, c)
	//cell
	p1 := map[Point]string{{1, 2}: "x", {0, 0}: "origin"}
	p2 := map[Point]string{{0, 0}: "origin", {1, 2}: "x"}
	fmt.Println(maps.Equal(p1, p2))
	p2[Point{1, 2}] = "X"
	fmt.Println(maps.Equal(p1, p2), maps.EqualFunc(p1, p2, strings.EqualFold))
	//cell
	ages := map[string]int{"ann": 31, "bo": 17, "cy": 45, "dee": 12}
	maps.DeleteFunc(ages, func(k string, v int) bool { return v < 18 })
	fmt.Println(ages)
	maps.Copy(ages, map[string]int{"ann": 32, "eve": 50})
	_show(ages, len(ages))
	//cell
	var nilMap map[string]int
	fmt.Println(maps.Clone(nilMap) == nil, len(maps.Clone(nilMap)))
}
