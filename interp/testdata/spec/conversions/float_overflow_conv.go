// Converting a float64 variable to float32 rounds to the nearest float32, gives
// +Inf when the value is too large and 0 when it is too small.
package main

import (
	"fmt"
	"math"
)

func main() {
	big := 1e300
	f := float32(big)
	fmt.Println(f, math.IsInf(float64(f), 1))
	small := 1e-50
	fmt.Println(float32(small))
	fmt.Println(float32(1.0000001), float32(0.1)+float32(0.2))
	//cell
	x := float32(math.MaxFloat32)
	fmt.Println(x*2, -x*2)
	_show(float32(math.Pi), float64(float32(math.Pi)) == math.Pi)
}
