// Complex arithmetic: + - * / on complex128 and complex64, equality, and the
// behaviour of division by zero.
package main

import (
	"fmt"
	"math/cmplx"
)

func main() {
	a := 1 + 2i
	b := 3 - 1i
	fmt.Println(a+b, a-b, a*b, a/b)
	fmt.Println(a == complex(1, 2), a != b)
	//cell
	var c64 complex64 = 1 + 1i
	c64 *= c64
	fmt.Printf("%T %v\n", c64, c64)
	fmt.Println(cmplx.Abs(3+4i), cmplx.Sqrt(-1))
	//cell
	z := 0i
	_show(a/z, -a)
}
