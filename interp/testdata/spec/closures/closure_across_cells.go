// A closure made in one cell keeps referring to the variable it captured: assignments
// in later cells are seen when it is called.
package main

import "fmt"

func main() {
	greeting := "hello"
	greet := func(name string) string { return greeting + ", " + name }
	fmt.Println(greet("ann"))
	//cell
	greeting = "goodbye"
	//cell
	fmt.Println(greet("bob"))
	//cell
	count := 0
	tick := func() int { count++; return count }
	tick()
	//cell
	tick()
	fmt.Println(count, tick())
}
