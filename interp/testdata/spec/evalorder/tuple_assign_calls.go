// A tuple assignment evaluates every right-hand operand, calls and plain values
// alike, left to right, before assigning any of them.
package main

import (
	"fmt"
	"strings"
)

func next(n int) int {
	fmt.Println("next", n)
	return n + 1
}

func main() {
	i, total := 0, 0
	for i < 3 {
		i, total = next(i), total+i
	}
	fmt.Println(i, total)
	//cell
	name, upper := "go", ""
	name, upper = name+"pher", strings.ToUpper(name)
	fmt.Println(name, upper)
	//cell
	lo, hi := 1, 10
	lo, hi = hi, next(lo)
	_show(lo, hi)
}
