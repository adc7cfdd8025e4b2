// Integer overflow wraps around: arithmetic on fixed-size integers is modulo 2^n,
// for signed types in two's complement, without a panic.
package main

import (
	"fmt"
	"math"
)

func main() {
	var i8 int8 = 127
	i8++
	fmt.Println(i8)
	var u8 uint8 = 0
	u8--
	fmt.Println(u8)
	//cell
	x := math.MaxInt64
	x += 1
	fmt.Println(x == math.MinInt64)
	var u32 uint32 = 1 << 31
	fmt.Println(u32*2, u32+u32-1)
	//cell
	var h uint32 = 2166136261
	for _, c := range []byte("go") {
		h ^= uint32(c)
		h *= 16777619
	}
	fmt.Println(h)
	m := int32(math.MinInt32)
	_show(-m, m/-1)
}
