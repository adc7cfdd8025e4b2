// Changing a struct through reflect: the Value of a pointer's Elem is settable,
// fields are set by name or index, CanSet is false for unexported fields and for a
// non-pointer Value, and setting one of those panics.
package main

import (
	"fmt"
	"reflect"
)

type Settings struct {
	Host    string
	Port    int
	Verbose bool
	secret  string
}

func main() {
	s := Settings{Host: "localhost", Port: 80}
	v := reflect.ValueOf(&s).Elem()
	v.FieldByName("Host").SetString("example.com")
	v.Field(1).SetInt(8080)
	v.FieldByName("Verbose").SetBool(true)
	fmt.Printf("%+v\n", s)
	//cell
	fmt.Println(v.FieldByName("Port").CanSet(), v.FieldByName("secret").CanSet())
	fmt.Println(reflect.ValueOf(s).Field(0).CanSet())
	//cell
	fmt.Println("setting a copy")
	reflect.ValueOf(s).Field(1).SetInt(1)
}
