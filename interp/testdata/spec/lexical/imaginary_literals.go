// Imaginary literals: an integer or floating-point literal followed by i is the
// imaginary part of a complex constant; the default type is complex128.
package main

import "fmt"

func main() {
	fmt.Println(0i, 123i, 0o123i, 0xabci)
	fmt.Println(0.i, 2.71828i, 1.e+0i, 6.67428e-11i, 1e3i, .25i, 0x1p-2i)
	//cell
	z := 3 + 4i
	fmt.Printf("%T %v\n", z, z)
	fmt.Println(real(z), imag(z), z*1i)
	//cell
	_show(1i*1i, 2i+1)
}
