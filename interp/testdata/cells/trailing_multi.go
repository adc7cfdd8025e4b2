// Trailing expressions with several values (issue 11, item 3): the two results of
// strconv.Atoi kept in a cell and shown by the next one, a cell whose trailing
// expression names a package it never imports (strings, found by auto-import), and a
// generic function's result shown with a constant.
package main

import (
	"strconv"
	"strings" // autoimport
)

func Max[T int | float64 | string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func main() {
	n, err := strconv.Atoi("42")
	//cell
	_show(n, err)
	//cell
	_show(strings.ToUpper("a"), 2)
	//cell
	y := Max(3, 7)
	//cell
	_show(y, 2)
	//cell
	_show(Max("go", "gopher"), Max(1.5, 0.5))
	//cell
	_show(strconv.Atoi("x1"))
}
