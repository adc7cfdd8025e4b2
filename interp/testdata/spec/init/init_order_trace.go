// With several variables ready at once, the one declared earliest is initialised
// first; a multi-valued initialisation assigns all its variables together.
package main

import "fmt"

var x, y = pair()

var p = step("p", 1)
var q = step("q", y+p)
var r = step("r", 3)

func step(name string, v int) int {
	fmt.Println("init", name)
	return v
}

func pair() (int, int) {
	fmt.Println("init x, y")
	return 10, 20
}

func init() {
	fmt.Println("init func:", x, y, p, q, r)
}

func main() {
	fmt.Println("main")
}
