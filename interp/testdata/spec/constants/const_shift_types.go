// The left operand of a non-constant shift, if an untyped constant, takes the type
// it would have if the shift were replaced by the operand alone.
package main

import "fmt"

func main() {
	var s uint = 33
	var i = 1 << s
	var j int32 = 1 << s
	var k = uint64(1 << s)
	fmt.Println(i, j, k)
	//cell
	var f float64 = 3
	var u = 1<<s + int(f)
	fmt.Println(u)
	const c = 1 << 33
	fmt.Printf("%T %v\n", c>>30, c>>30)
	_show(uint8(1)<<7, int8(1)<<6)
}
