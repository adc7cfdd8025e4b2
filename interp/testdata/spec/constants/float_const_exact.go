// Constant expressions with untyped floats are evaluated exactly: 0.1+0.2 == 0.3 as
// constants, while the same sum at run time on float64 values differs.
package main

import "fmt"

func main() {
	const c = 0.1 + 0.2
	fmt.Println(c == 0.3)
	a, b := 0.1, 0.2
	fmt.Println(a+b == 0.3)
	fmt.Println(a + b)
	//cell
	const third = 1.0 / 3
	fmt.Println(third*3 == 1)
	const x = 10 / 4
	const y = 10 / 4.0
	fmt.Println(x, y)
	//cell
	const big = 1e300 * 1e300 / 1e300
	_show(big, 1e-300*1e-300*1e300*1e300)
}
