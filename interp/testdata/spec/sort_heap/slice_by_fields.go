// sort.Slice with a less function over program structs, sorting by several keys, and
// sort.SliceStable keeping the original order of equal elements.
package main

import (
	"fmt"
	"sort"
)

type Employee struct {
	Name   string
	Dept   string
	Salary int
}

func main() {
	staff := []Employee{
		{"Zoe", "eng", 120}, {"Adam", "ops", 90}, {"Mia", "eng", 120},
		{"Bob", "ops", 95}, {"Eve", "eng", 100}, {"Cal", "hr", 90},
	}
	sort.Slice(staff, func(i, j int) bool {
		if staff[i].Salary != staff[j].Salary {
			return staff[i].Salary > staff[j].Salary
		}
		return staff[i].Name < staff[j].Name
	})
	for _, e := range staff {
		fmt.Println(e.Name, e.Dept, e.Salary)
	}
	//cell
	sort.SliceStable(staff, func(i, j int) bool { return staff[i].Dept < staff[j].Dept })
	fmt.Println(staff)
	_show(sort.SliceIsSorted(staff, func(i, j int) bool { return staff[i].Dept < staff[j].Dept }))
}
