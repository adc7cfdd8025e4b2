// Bitwise operators & | ^ &^ and unary ^ (bitwise complement) on signed and
// unsigned integers.
package main

import "fmt"

func main() {
	a, b := 0b1100, 0b1010
	fmt.Printf("%04b %04b %04b %04b\n", a&b, a|b, a^b, a&^b)
	var u uint8 = 0b0000_1111
	fmt.Printf("%08b %d\n", ^u, ^5)
	//cell
	flags := uint(0xFF)
	flags &^= 1 << 3
	flags ^= 1
	fmt.Printf("%x\n", flags)
	x := -6
	_show(x&3, x|1, x^-1)
}
