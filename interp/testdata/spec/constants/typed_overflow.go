// A typed constant must be representable by its type: an int8 constant 200 is a
// compile error (constant overflow).
package main

import "fmt"

func main() {
	const ok int8 = 127
	fmt.Println(ok)
	//cell
	const tooBig int8 = 200
	fmt.Println(tooBig)
}
