// Untyped integer constants are exact at any size: intermediate values far beyond
// 64 bits are fine as long as the final value fits the type it is used as.
package main

import "fmt"

const (
	Huge  = 1 << 100
	Small = Huge >> 98
	Big   = 1_000_000_000_000_000_000_000_000
)

func main() {
	fmt.Println(Small)
	fmt.Println(Big / 1_000_000_000_000_000_000)
	fmt.Println(Huge/(1<<90) + Huge%7)
	//cell
	const f = Huge * 1.0
	fmt.Println(f)
	fmt.Println(float64(Huge))
	//cell
	const maxU64 = 1<<64 - 1
	var u uint64 = maxU64
	_show(u, maxU64>>32)
}
