// Assigning an untyped constant to a variable whose type cannot represent it is a
// compile error (overflow in the implicit conversion).
package main

import "fmt"

func main() {
	var b byte = 255
	fmt.Println(b)
	//cell
	var c byte = 256
	fmt.Println(c)
}
