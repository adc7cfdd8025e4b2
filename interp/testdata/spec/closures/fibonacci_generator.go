// A generator closure holding two captured variables, updated with a tuple assignment.
package main

import "fmt"

func fibonacci() func() int {
	a, b := 0, 1
	return func() int {
		r := a
		a, b = b, a+b
		return r
	}
}

func main() {
	f := fibonacci()
	for range 10 {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	g := fibonacci()
	_show(g(), g(), g(), f())
}
