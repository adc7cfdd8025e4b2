// A goto outside a block may not jump over a variable declaration to a label after it.
package main

import "fmt"

func check(n int) int {
	if n < 0 {
		goto fail
	}
	v := n * 2
	return v
fail:
	return -1
}

func main() {
	fmt.Println(check(2))
}
