// Duplicate constant cases in an expression switch are a compile error.
package main

import "fmt"

func main() {
	fmt.Println("before")
	//cell
	x := 2
	switch x {
	case 1:
		fmt.Println("one")
	case 2, 1:
		fmt.Println("two")
	}
}
