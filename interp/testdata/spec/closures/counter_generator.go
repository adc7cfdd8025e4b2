// A function returning a closure: each call creates a new variable, so every counter
// keeps its own state.
package main

import "fmt"

func counter(start int) (next func() int, reset func()) {
	n := start
	next = func() int {
		n++
		return n
	}
	reset = func() { n = start }
	return next, reset
}

func main() {
	a, resetA := counter(0)
	b, _ := counter(100)
	fmt.Println(a(), a(), a())
	fmt.Println(b(), b())
	//cell
	resetA()
	fmt.Println(a(), b())
}
