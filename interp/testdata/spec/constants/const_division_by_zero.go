// Division by a constant zero is a compile error, even inside a larger expression.
package main

import "fmt"

func main() {
	x := 10
	fmt.Println(x / 2)
	//cell
	y := x / 0
	fmt.Println(y)
}
