// A compile error (issue 11, item 5): an undefined name on the third line of a cell.
package main

import "fmt"

func main() {
	fmt.Println("ok")
	//cell
	a := 1
	fmt.Println(a)
	z := foo + 1
	fmt.Println(z)
}
