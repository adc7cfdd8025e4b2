// Floating-point verbs: %v %f %e %E %g %G with precision and width, %08.3f, and the
// special values; %v picks the shortest representation.
package main

import (
	"fmt"
	"math"
)

func main() {
	x := 1234.5678
	fmt.Printf("%v|%f|%.2f|%e|%E|%g|%G\n", x, x, x, x, x, x, x)
	fmt.Printf("[%08.3f][%10.2f][%-10.1f][%+.1e]\n", x, x, x, x)
	//cell
	fmt.Printf("%g %g %g %v\n", 1e21, 1e-7, 100000.0, 0.000001)
	fmt.Printf("%.3g|%.10g|%6.2g\n", math.Pi, math.Pi, math.Pi)
	//cell
	fmt.Println(math.Inf(1), math.Inf(-1), math.NaN(), -0.0, math.Copysign(0, -1))
	fmt.Printf("%5.1f|%f|%v\n", math.Inf(1), math.NaN(), float32(0.1))
	fmt.Printf("%v %.2f %g\n", 3+4i, 1.5-2i, complex64(1))
	_show(0.1+0.2, float32(16777217), 1e6, 1e20, 1e21)
}
