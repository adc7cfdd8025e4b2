// min and max of ordered values: mixed constants, strings compared bytewise, any NaN
// operand gives NaN, and min of constants is a constant.
package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(min(3, 1, 2), max(3, 1, 2), min(2.5, 1), max(-1, -0.5))
	x, y := 7, 4
	fmt.Println(min(x, y), max(x, y, 10))
	//cell
	fmt.Println(min("banana", "apple", "cherry"), max("a", "B", "ab"), min("", "x"))
	nan := math.NaN()
	fmt.Println(min(1.0, nan), max(nan, 2.0), min(x, 3))
	//cell
	const c = max(1, 2.5)
	var f float32 = c
	fmt.Println(f)
	fmt.Println(min(math.Inf(1), 5), max(math.Inf(-1), -5))
	_show(min(0.0, -0.0), max(uint8(200), 100))
}
