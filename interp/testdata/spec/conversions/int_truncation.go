// Converting between integer types of different sizes keeps the low bits: a value
// too large wraps, and sign extension happens when widening a signed type.
package main

import "fmt"

func main() {
	x := 300
	fmt.Println(uint8(x), int8(x), int16(x))
	y := -1
	fmt.Println(uint8(y), uint16(y), uint32(y), uint64(y))
	//cell
	var s8 int8 = -128
	fmt.Println(int32(s8), uint32(s8), uint8(s8))
	var u uint32 = 0xFFFFFFFF
	fmt.Println(int32(u), int64(u), int(int32(u)))
	//cell
	big := int64(1<<40 + 5)
	_show(int32(big), uint16(big))
}
