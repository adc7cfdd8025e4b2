// Converting a float to an integer truncates toward zero; converting an integer
// to a float rounds to the nearest representable value.
package main

import (
	"fmt"
	"math"
)

func main() {
	fs := []float64{2.9, -2.9, 0.5, -0.5, 1e10}
	for _, f := range fs {
		fmt.Print(int64(f), " ")
	}
	fmt.Println()
	fmt.Println(int(math.Round(2.5)), int(math.Floor(-2.5)))
	//cell
	big := int64(1<<53 + 1)
	fmt.Println(float64(big) == float64(1<<53))
	fmt.Println(float32(16777217))
	var f32 float32 = 0.1
	fmt.Println(float64(f32))
	//cell
	n := 7
	_show(float64(n)/2, n/2)
}
