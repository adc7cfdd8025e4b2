// Conversions between named types with identical underlying types are allowed, also
// for struct types whose fields match ignoring tags, and for slices of named elements
// only through an element-wise loop.
package main

import "fmt"

type UserID int
type OrderID int

type Person struct {
	Name string `json:"name"`
	Age  int    `json:"age"`
}

type Employee struct {
	Name string
	Age  int
}

type Path string

func main() {
	u := UserID(7)
	o := OrderID(u)
	fmt.Println(u, o, int(o)+1)
	//cell
	p := Person{"ann", 40}
	e := Employee(p)
	fmt.Printf("%+v\n", e)
	//cell
	path := Path("/tmp/x")
	fmt.Println(string(path)+"/y", len(path))
	ids := []UserID{1, 2}
	ints := make([]int, len(ids))
	for i, id := range ids {
		ints[i] = int(id)
	}
	_show(ints, Path("a") < Path("b"))
}
