// complex builds a complex number from two floats, real and imag take it apart;
// float32 parts give complex64, and constant arguments give constants.
package main

import "fmt"

func main() {
	x, y := 1.5, -2.0
	c := complex(x, y)
	fmt.Printf("%T %v %v %v\n", c, c, real(c), imag(c))
	//cell
	var a, b float32 = 1, 2
	c64 := complex(a, b)
	fmt.Printf("%T %T\n", c64, real(c64))
	const k = complex(3, 4)
	const r = real(k)
	var i int = r
	fmt.Println(k, i)
	//cell
	z := complex(0, 1)
	_show(z*z, real(z*z) == -1, imag(2i))
}
