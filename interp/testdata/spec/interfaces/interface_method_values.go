// A method value taken from an interface value is bound to the interface's dynamic
// value at that moment; assigning another value to the interface later does not
// change it.
package main

import "fmt"

type Animal interface{ Sound() string }

type Cat struct{}

func (Cat) Sound() string { return "meow" }

type Cow struct{ name string }

func (c Cow) Sound() string { return c.name + " says moo" }

func main() {
	var a Animal = Cat{}
	speak := a.Sound
	a = Cow{"Bess"}
	fmt.Println(speak(), a.Sound())
	//cell
	sounds := []func() string{}
	for _, x := range []Animal{Cat{}, Cow{"Daisy"}} {
		sounds = append(sounds, x.Sound)
	}
	for _, f := range sounds {
		fmt.Println(f())
	}
	fexpr := Animal.Sound
	_show(fexpr(Cow{"Moo"}))
}
