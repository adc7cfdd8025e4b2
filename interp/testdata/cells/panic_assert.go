// A failed type assertion (issue 11, item 8): "interface conversion: interface {} is
// string, not int", a runtime error, at the assertion's line.
package main

import "fmt"

func main() {
	var x any = "s"
	//cell
	fmt.Println("asserting")
	n := x.(int)
	fmt.Println(n)
}
