// A goto may not jump into a block from outside it.
package main

import "fmt"

func main() {
	n := 1
	//cell
	goto inside
	if n > 0 {
	inside:
		fmt.Println("inside")
	}
}
