// Comparing two interface values whose dynamic type is not comparable (a slice, or a
// struct holding one) compiles but panics at run time.
package main

import "fmt"

type Bag struct {
	Items []string
}

func same(a, b any) bool { return a == b }

func main() {
	fmt.Println(same(1, 1), same("a", "b"))
	//cell
	x := Bag{[]string{"a"}}
	fmt.Println("comparing bags")
	fmt.Println(same(x, x))
}
