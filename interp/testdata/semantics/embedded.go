// Fields embedding generic types and interfaces (yaegi: invalid interface value).
package main

import "fmt"

type Box[T any] struct{ v T }

func (b Box[T]) Value() T { return b.v }

type Named interface{ Name() string }

type person struct{ name string }

func (p person) Name() string { return p.name }

type Tagged struct {
	Box[int]
	Named
	tag string
}

func main() {
	t := Tagged{Box: Box[int]{7}, Named: person{"ann"}, tag: "x"}
	t.Box.v++
	fmt.Println(t.Value(), t.Box.Value(), t.Name(), t.tag)
}
