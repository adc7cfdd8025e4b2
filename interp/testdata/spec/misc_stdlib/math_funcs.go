// math: Floor, Ceil, Round (half away from zero), RoundToEven, Trunc, Mod, Inf and
// NaN behaviour in comparisons and IsNaN/IsInf, MaxInt64 and MinInt64, Sqrt, Pow.
package main

import (
	"fmt"
	"math"
)

func main() {
	for _, x := range []float64{2.5, -2.5, 3.49, -0.5} {
		fmt.Println(x, math.Floor(x), math.Ceil(x), math.Round(x), math.RoundToEven(x), math.Trunc(x))
	}
	//cell
	inf := math.Inf(1)
	nan := math.NaN()
	fmt.Println(inf, -inf, nan, inf+1 == inf, inf-inf)
	fmt.Println(nan == nan, nan != nan, nan < 1, math.IsNaN(nan), math.IsInf(-inf, -1), math.IsInf(inf, 0))
	fmt.Println(math.Max(nan, 1), math.Min(-0.0, 0), 1/inf)
	//cell
	fmt.Println(math.MaxInt64, math.MinInt64, math.MaxUint32, math.MaxInt8)
	fmt.Println(math.Sqrt(2), math.Pow(2, 10), math.Mod(7, -3), math.Abs(-3.2), math.Hypot(3, 4))
	fmt.Printf("%.4f %.4f %v\n", math.Pi, math.E, math.Sqrt(-1))
	_show(math.MaxFloat64, math.SmallestNonzeroFloat64)
}
