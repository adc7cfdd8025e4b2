// Integer literals: decimal, hex (0x), octal (0o and legacy leading 0), binary (0b),
// and underscores between digits all denote the same values.
package main

import "fmt"

func main() {
	dec := 255
	hex := 0xFF
	hexUpper := 0xfF
	oct := 0o377
	legacyOct := 0377
	bin := 0b1111_1111
	fmt.Println(dec, hex, hexUpper, oct, legacyOct, bin)
	fmt.Println(dec == hex && hex == oct && oct == legacyOct && legacyOct == bin)
	//cell
	million := 1_000_000
	mask := 0x_FFFF_FFFF
	fmt.Println(million, mask)
	fmt.Printf("%d %x %o %b\n", 42, 42, 42, 42)
	//cell
	_show(0x10+0o10+0b10+10, 017)
}
