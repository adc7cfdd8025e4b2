// Floating-point literals: decimal forms with exponents, leading and trailing dots,
// underscores, and hexadecimal mantissas with a binary p exponent.
package main

import "fmt"

func main() {
	fmt.Println(0., 72.40, 072.40, 2.71828)
	fmt.Println(1.e+0, 6.67428e-11, 1e6, .25, .12345e+5)
	fmt.Println(1_5., 0.15e+0_2)
	//cell
	fmt.Println(0x1p-2, 0x2.p10, 0x1.Fp+0, 0x.8p-0)
	fmt.Println(0x_1FFFp-16)
	//cell
	var f32 float32 = 0.1
	var f64 = 0.1
	fmt.Println(f32, f64, float64(f32) == f64)
	fmt.Printf("%T %T\n", 1e3, 1_000.5)
	_show(1e3, 0x1p4)
}
