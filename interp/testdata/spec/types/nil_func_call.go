// Calling a nil function value panics with a nil pointer dereference.
package main

import "fmt"

type Handler func(string) string

func main() {
	handlers := map[string]Handler{"echo": func(s string) string { return s }}
	fmt.Println(handlers["echo"]("hi"))
	//cell
	h := handlers["missing"]
	fmt.Println(h == nil)
	fmt.Println(h("boom"))
}
