// Comma-ok type assertions at a cell's top level (issue 11, item 1): `n, ok := x.(int)`
// with x an any holding an int, and one that fails, each in a cell of its own.
package main

import "fmt"

func main() {
	var x any = 42
	//cell
	n, isInt := x.(int)
	//cell
	s, isString := x.(string)
	//cell
	fmt.Println(n, isInt, s == "", isString)
	_show(n, isInt, s, isString)
}
