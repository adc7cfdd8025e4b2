// Function types: functions are values that can be stored in variables, maps and
// struct fields, compared only to nil, and closures capture variables by reference.
package main

import (
	"fmt"
	"strings"
)

type Op func(int, int) int

func apply(op Op, a, b int) int { return op(a, b) }

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func main() {
	ops := map[string]Op{
		"add": func(a, b int) int { return a + b },
		"mul": func(a, b int) int { return a * b },
	}
	fmt.Println(apply(ops["add"], 3, 4), apply(ops["mul"], 3, 4))
	var missing Op = ops["sub"]
	fmt.Println(missing == nil)
	//cell
	next := counter()
	next()
	next()
	fmt.Println(next())
	//cell
	var transform func(string) string = strings.ToUpper
	_show(transform("go"), apply(func(a, b int) int { return a - b }, 1, 5))
}
