// Embedding through several levels: A embeds B embeds C; names at any depth are
// promoted, and the shallowest one wins when a name occurs at two depths.
package main

import "fmt"

type C struct {
	Level string
	Deep  int
}

func (c C) Where() string { return "C:" + c.Level }

func (c C) Only() string { return "only in C" }

type B struct {
	C
	Level string
}

func (b B) Where() string { return "B:" + b.Level }

type A struct {
	B
	Top bool
}

func main() {
	a := A{B: B{C: C{Level: "c", Deep: 3}, Level: "b"}, Top: true}
	fmt.Println(a.Level, a.Deep, a.Top)
	fmt.Println(a.Where(), a.Only())
	//cell
	fmt.Println(a.B.C.Where(), a.C.Where(), a.C.Level)
	a.Deep = 9
	fmt.Println(a.B.C.Deep)
	//cell
	fmt.Printf("%+v\n", a)
	_show(a.B.Where())
}
