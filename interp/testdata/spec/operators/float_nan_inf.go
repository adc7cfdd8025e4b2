// IEEE 754 behaviour: NaN is unequal to everything including itself, division of a
// nonzero float by zero gives ±Inf, 0/0 gives NaN, and -0 equals 0.
package main

import (
	"fmt"
	"math"
)

func main() {
	zero := 0.0
	pos, neg, nan := 1/zero, -1/zero, zero/zero
	fmt.Println(pos, neg, nan)
	fmt.Println(nan == nan, nan != nan, nan < 1, nan > 1, math.IsNaN(nan))
	//cell
	fmt.Println(pos > math.MaxFloat64, neg < -math.MaxFloat64, pos+neg)
	negZero := math.Copysign(0, -1)
	fmt.Println(negZero == 0, math.Signbit(negZero), 1/negZero)
	//cell
	m := map[float64]int{}
	m[nan] = 1
	m[nan] = 2
	_show(len(m), m[nan])
}
