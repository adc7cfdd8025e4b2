// Calling a method on a nil interface value panics with a nil pointer dereference.
package main

import "fmt"

type Greeter interface{ Greet() string }

type English struct{}

func (English) Greet() string { return "hello" }

func pick(lang string) Greeter {
	if lang == "en" {
		return English{}
	}
	return nil
}

func main() {
	fmt.Println(pick("en").Greet())
	//cell
	g := pick("fr")
	fmt.Println(g == nil)
	fmt.Println(g.Greet())
}
