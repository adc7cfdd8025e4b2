// A cell type implementing sort.Interface (Len, Less, Swap) is sorted by sort.Sort;
// sort.Stable keeps equal elements in order and sort.Reverse flips Less.
package main

import (
	"fmt"
	"sort"
)

type Person struct {
	Name string
	Age  int
}

type ByAge []Person

func (a ByAge) Len() int           { return len(a) }
func (a ByAge) Less(i, j int) bool { return a[i].Age < a[j].Age }
func (a ByAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }

func main() {
	people := []Person{{"Al", 30}, {"Bea", 25}, {"Cy", 30}, {"Di", 20}, {"Ed", 25}}
	sort.Sort(ByAge(people))
	fmt.Println(people)
	//cell
	people = []Person{{"Al", 30}, {"Bea", 25}, {"Cy", 30}, {"Di", 20}, {"Ed", 25}}
	sort.Stable(ByAge(people))
	fmt.Println(people)
	//cell
	sort.Sort(sort.Reverse(ByAge(people)))
	fmt.Println(people[0].Age, people[len(people)-1].Age)
	_show(sort.IsSorted(ByAge(people)))
}
