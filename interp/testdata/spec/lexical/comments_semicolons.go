// Comments and automatic semicolons: a general comment spanning lines acts like a
// newline; a line ending in an operator continues the statement; a line ending in
// an identifier, literal, ) or } gets a semicolon.
package main

import "fmt"

func sum(xs ...int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	x := 1 +
		2 +
		3
	fmt.Println(x /* inline comment */, "done")
	//cell
	y := sum(
		1,
		2,
		3,
	)
	if v := y * 2; v > 10 {
		fmt.Println(y, v)
	}
	//cell
	z := 10 /* a
	multi-line comment */
	_show(z, x+y)
}
