// A method value bound in one cell keeps the receiver it saved when it is called in
// a later cell, after the variable has been changed by a cell in between.
package main

import (
	"fmt"
	"strings"
)

type Greeter struct {
	greeting string
}

func (g Greeter) Greet(name string) string { return g.greeting + ", " + name }

func (g *Greeter) Set(s string) { g.greeting = s }

func main() {
	g := Greeter{greeting: "Hello"}
	hello := g.Greet
	set := g.Set
	//cell
	g.greeting = "Bonjour"
	//cell
	fmt.Println(hello("Ann"))
	fmt.Println(g.Greet("Ann"))
	//cell
	set("Hola")
	fmt.Println(g.greeting)
	fmt.Println(strings.ToUpper(hello("Bob")))
	_show(g.Greet("Bob"))
}
