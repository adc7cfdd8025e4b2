// Function calls, method calls and receive operations in an expression are
// evaluated in lexical left-to-right order.
package main

import "fmt"

var trace []string

func f(name string, v int) int {
	trace = append(trace, name)
	return v
}

func main() {
	x := f("a", 1) + f("b", 2)*f("c", 3)
	fmt.Println(x, trace)
	//cell
	trace = nil
	s := []int{f("d", 4), f("e", 5), f("g", 6)}
	fmt.Println(s, trace)
	//cell
	trace = nil
	fmt.Println(f("h", 1), f("i", 2))
	m := map[int]int{f("j", 1): f("k", 2)}
	_show(trace, m)
}
