// Case expressions are evaluated left to right and top to bottom, and evaluation stops
// at the first match; the switch expression is evaluated once.
package main

import "fmt"

func val(tag string, v int) int {
	fmt.Print(tag, " ")
	return v
}

func main() {
	switch val("switch", 3) {
	case val("a", 1), val("b", 2):
		fmt.Println("first")
	case val("c", 3), val("d", 4):
		fmt.Println("second")
	case val("e", 3):
		fmt.Println("third")
	}
	//cell
	switch {
	case val("x", 0) > 0:
	case val("y", 1) > 0:
		fmt.Println("y matched")
	}
}
