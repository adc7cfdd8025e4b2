// A field or method declared on the outer struct shadows a promoted one of the same
// name; the embedded one stays reachable through the embedded field's name.
package main

import "fmt"

type Base struct {
	ID   int
	Name string
}

func (b Base) Describe() string { return fmt.Sprintf("Base(%d, %s)", b.ID, b.Name) }

func (b Base) Kind() string { return "base" }

type Derived struct {
	Base
	Name string
}

func (d Derived) Describe() string {
	return "Derived[" + d.Name + "] over " + d.Base.Describe()
}

func main() {
	d := Derived{Base: Base{ID: 1, Name: "inner"}, Name: "outer"}
	fmt.Println(d.Name, d.Base.Name, d.ID)
	//cell
	fmt.Println(d.Describe())
	fmt.Println(d.Base.Describe())
	fmt.Println(d.Kind())
	//cell
	d.Name = "changed"
	fmt.Println(d.Name, d.Base.Name)
	_show(d.Describe())
}
