// Struct values are comparable when all their fields are; equal means all fields
// equal. Anonymous structs with identical fields are assignable to each other.
package main

import "fmt"

type Key struct {
	Name string
	ID   int
}

func main() {
	a := Key{"x", 1}
	b := Key{"x", 1}
	c := Key{ID: 2, Name: "x"}
	fmt.Println(a == b, a == c, a != c)
	//cell
	seen := map[Key]bool{a: true}
	fmt.Println(seen[b], seen[c])
	//cell
	anon := struct {
		Name string
		ID   int
	}{"x", 1}
	var k Key = anon
	fmt.Println(k == a, anon == a)
	var zero Key
	_show(zero == Key{}, zero)
}
