// A label that is defined and never used is a compile error.
package main

import "fmt"

func main() {
	fmt.Println("first cell")
	//cell
	n := 0
unused:
	for n < 3 {
		n++
	}
	fmt.Println(n)
}
