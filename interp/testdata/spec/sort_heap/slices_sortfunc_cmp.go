// slices.SortFunc and slices.SortStableFunc with cmp.Compare and cmp.Or for several
// keys, on a slice of program structs; slices.IsSortedFunc confirms the order.
package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

type City struct {
	Name    string
	Country string
	Pop     int
}

func main() {
	cities := []City{
		{"Lyon", "FR", 520}, {"Oslo", "NO", 700}, {"Paris", "FR", 2100},
		{"Bergen", "NO", 285}, {"Nice", "FR", 340}, {"Nantes", "FR", 320},
	}
	slices.SortFunc(cities, func(a, b City) int {
		return cmp.Or(
			cmp.Compare(a.Country, b.Country),
			-cmp.Compare(a.Pop, b.Pop),
		)
	})
	for _, c := range cities {
		fmt.Printf("%-7s %s %5d\n", c.Name, c.Country, c.Pop)
	}
	//cell
	slices.SortStableFunc(cities, func(a, b City) int {
		return cmp.Compare(len(a.Name), len(b.Name))
	})
	fmt.Println(cities)
	byName := func(a, b City) int { return strings.Compare(a.Name, b.Name) }
	fmt.Println(slices.IsSortedFunc(cities, byName))
	slices.SortFunc(cities, byName)
	_show(slices.IsSortedFunc(cities, byName), cities[0].Name)
}
