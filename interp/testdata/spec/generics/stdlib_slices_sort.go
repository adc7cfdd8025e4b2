// Generic functions of the standard library with cell types: slices.Sort on a named
// float type, slices.SortFunc with cmp.Compare on a struct field, slices.Index,
// slices.Contains, slices.Max and slices.BinarySearch.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type Celsius float64

type City struct {
	Name string
	Pop  int
}

func main() {
	temps := []Celsius{21.5, -3, 30, 12.25}
	slices.Sort(temps)
	fmt.Println(temps, slices.Max(temps))
	i, found := slices.BinarySearch(temps, 12.25)
	fmt.Println(i, found)
	//cell
	cities := []City{{"Oslo", 700}, {"Lima", 9700}, {"Bern", 130}}
	slices.SortFunc(cities, func(a, b City) int { return cmp.Compare(b.Pop, a.Pop) })
	fmt.Println(cities)
	slices.SortFunc(cities, func(a, b City) int { return strings.Compare(a.Name, b.Name) })
	fmt.Println(cities)
	//cell
	fmt.Println(slices.Index(cities, City{"Lima", 9700}), slices.Contains(temps, 30))
	idx := slices.IndexFunc(cities, func(c City) bool { return c.Pop < 200 })
	_show(idx, cmp.Compare("a", "b"), cmp.Compare(Celsius(2), 1))
}
