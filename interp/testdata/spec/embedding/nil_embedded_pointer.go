// Reading a field promoted through a nil embedded pointer dereferences nil and
// panics; a pointer method promoted through it can still be called if it checks nil.
package main

import "fmt"

type Meta struct {
	Version int
}

func (m *Meta) Safe() string {
	if m == nil {
		return "no meta"
	}
	return fmt.Sprint("v", m.Version)
}

type Doc struct {
	Title string
	*Meta
}

func main() {
	d := Doc{Title: "draft"}
	fmt.Println(d.Title, d.Meta == nil, d.Safe())
	//cell
	d2 := Doc{"final", &Meta{2}}
	fmt.Println(d2.Version, d2.Safe())
	//cell
	fmt.Println("reading version of", d.Title)
	v := d.Version
	fmt.Println(v)
}
