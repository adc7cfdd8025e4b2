// Package-level variables are initialised in dependency order, not declaration order:
// a variable is ready when the variables it refers to are.
package main

import "fmt"

var (
	total = a + b
	a     = trace("a", c*2)
	b     = trace("b", 3)
	c     = trace("c", 1)
)

func trace(name string, v int) int {
	fmt.Println("init", name, "=", v)
	return v
}

func main() {
	fmt.Println(total, a, b, c)
}
