// Fields of an embedded struct are promoted: outer.F reaches outer.Inner.F, for
// reading and for assignment, and the embedded field is named by its type name.
package main

import "fmt"

type Address struct {
	City, Zip string
}

type Person struct {
	Name string
	Address
}

func main() {
	p := Person{Name: "Ada", Address: Address{City: "London", Zip: "N1"}}
	fmt.Println(p.City, p.Zip, p.Address.City)
	//cell
	p.City = "Paris"
	fmt.Println(p.Address.City)
	p.Address = Address{"Rome", "00100"}
	fmt.Println(p.City, p.Zip)
	//cell
	fmt.Printf("%v\n%+v\n", p, p)
	q := Person{"Bo", Address{"Oslo", "0150"}}
	_show(q.City, q == p)
}
