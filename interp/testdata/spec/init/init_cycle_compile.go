// A package-level variable whose initialisation refers to itself through a function is
// an initialisation cycle, a compile error.
package main

import "fmt"

var limit = computeLimit()

func computeLimit() int {
	return limit + 1
}

func main() {
	fmt.Println(limit)
}
