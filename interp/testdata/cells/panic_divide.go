// An integer division by zero (issue 11, item 8): "integer divide by zero".
package main

import "fmt"

func main() {
	a, b := 10, 0
	//cell
	fmt.Println(a / 2)
	fmt.Println(a / b)
}
