// A case of a switch without a tag may list several conditions: the case is taken
// when any of them holds, tested in order, and the ones after the first that holds
// are not evaluated.
package main

import "fmt"

func cond(name string, v bool) bool {
	fmt.Println("  test", name)
	return v
}

func classify(x int) string {
	switch {
	case x < 0, x > 100:
		return "out of range"
	case x == 1, x == 2, x == 3:
		return "small"
	case x%2 == 0:
		return "even"
	}
	return "odd"
}

func main() {
	for _, x := range []int{-5, 1, 2, 3, 50, 51, 101} {
		fmt.Println(x, classify(x))
	}
	//cell
	switch {
	case cond("a", false), cond("b", true), cond("c", true):
		fmt.Println("matched")
	default:
		fmt.Println("none")
	}
}
