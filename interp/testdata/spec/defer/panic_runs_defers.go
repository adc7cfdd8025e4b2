// When a function panics, its deferred calls still run, in reverse order, before the
// panic reaches the caller; an unrecovered panic ends the program after all of them.
package main

import "fmt"

func inner() {
	defer fmt.Println("inner deferred")
	var m map[string]int
	m["x"] = 1
	fmt.Println("not reached")
}

func main() {
	defer fmt.Println("main deferred")
	fmt.Println("calling inner")
	inner()
}
