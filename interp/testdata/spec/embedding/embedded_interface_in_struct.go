// A struct may embed an interface: the interface's methods are promoted, calls go to
// the value stored in the field, and the struct can override one of them (the
// sort.Reverse pattern).
package main

import (
	"fmt"
	"sort"
)

type Animal interface {
	Sound() string
	Name() string
}

type Dog struct{}

func (Dog) Sound() string { return "woof" }
func (Dog) Name() string  { return "dog" }

type Loud struct {
	Animal
}

func (l Loud) Sound() string { return l.Animal.Sound() + "!!!" }

type descending struct{ sort.Interface }

func (d descending) Less(i, j int) bool { return d.Interface.Less(j, i) }

func main() {
	l := Loud{Dog{}}
	fmt.Println(l.Name(), l.Sound())
	var a Animal = l
	fmt.Println(a.Sound())
	//cell
	xs := []int{3, 1, 4, 1, 5, 9, 2}
	sort.Sort(descending{sort.IntSlice(xs)})
	fmt.Println(xs)
	//cell
	var empty Loud
	fmt.Println("calling through a nil embedded interface")
	fmt.Println(empty.Name())
}
