// A switch may start with a simple statement; variables it declares are scoped to the
// switch.
package main

import (
	"fmt"
	"strings"
)

func main() {
	switch parts := strings.Split("a,b,c", ","); len(parts) {
	case 0:
		fmt.Println("none")
	case 3:
		fmt.Println("three:", parts)
	default:
		fmt.Println("many")
	}
	//cell
	x := 5
	switch x := x * 2; {
	case x > 8:
		fmt.Println("inner x", x)
	}
	fmt.Println("outer x", x)
	//cell
	switch y := 3; y {
	case 3:
		y++
		fmt.Println("y", y)
	}
}
