// Comparison of composite values: arrays and structs compare element by element,
// and pointers by identity.
package main

import "fmt"

type Pt struct{ X, Y int }

func main() {
	fmt.Println([2]Pt{{1, 2}, {3, 4}} == [2]Pt{{1, 2}, {3, 4}})
	p, q := &Pt{1, 2}, &Pt{1, 2}
	fmt.Println(p == q, *p == *q)
	fmt.Println([3]string{"a"} == [3]string{"a", "", ""})
	//cell
	type Version struct {
		Major, Minor int
		Tag          string
	}
	v1 := Version{1, 2, ""}
	v2 := Version{Major: 1, Minor: 2}
	fmt.Println(v1 == v2, v1 != Version{1, 3, ""})
	_show([0]int{} == [0]int{}, p == p)
}
