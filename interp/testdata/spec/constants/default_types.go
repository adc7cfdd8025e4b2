// Untyped constants take their default type (int, float64, complex128, rune, string,
// bool) when a variable is declared without a type or they are passed as interface.
package main

import "fmt"

const (
	i = 42
	f = 4.2
	c = 4.2i
	r = 'r'
	s = "s"
	b = 1 < 2
)

func main() {
	a, bb, cc, d, e, g := i, f, c, r, s, b
	fmt.Printf("%T %T %T %T %T %T\n", a, bb, cc, d, e, g)
	//cell
	var x any = i
	var y any = f
	fmt.Printf("%T %T\n", x, y)
	fmt.Printf("%T %T %T\n", i*1.0, r+1, i+r)
	//cell
	var f32 float32 = f
	var u8 uint8 = i
	fmt.Printf("%T %v %T %v\n", f32, f32, u8, u8)
	_show(i/5, f/2)
}
