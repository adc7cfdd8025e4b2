// Constant shifts are exact on untyped constants; shifting a constant into a typed
// context that cannot hold it is a compile error.
package main

import "fmt"

func main() {
	const big = 1 << 70
	fmt.Println(big >> 65)
	const mask = 1<<8 - 1
	var b byte = mask
	fmt.Println(b)
	//cell
	var i32 int32 = 1 << 31
	fmt.Println(i32)
}
