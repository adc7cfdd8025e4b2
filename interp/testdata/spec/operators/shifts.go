// Shifts: counts at or above the width give 0 (or -1 for a negative signed value
// shifted right); right shifts of signed values are arithmetic, of unsigned logical.
package main

import "fmt"

func main() {
	var n uint = 70
	x := 1
	fmt.Println(x<<n, x<<63, -8>>n)
	var u8 uint8 = 0x80
	var i8 int8 = -128
	fmt.Println(u8>>7, i8>>7, u8<<1, i8<<1)
	//cell
	var k uint = 3
	fmt.Println(uint32(1)<<k|1, -1>>k)
	vals := []uint16{1, 0xFFFF}
	for _, v := range vals {
		fmt.Println(v<<4, v>>4)
	}
	//cell
	s := 2
	_show(1<<s, 0xF0>>s)
}
