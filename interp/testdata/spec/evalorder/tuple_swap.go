// In a tuple assignment all right-hand operands are evaluated before any
// assignment, so a, b = b, a swaps and a Fibonacci step needs no temporary.
package main

import "fmt"

func main() {
	a, b := 1, 2
	a, b = b, a
	fmt.Println(a, b)
	//cell
	x, y := 0, 1
	for i := 0; i < 10; i++ {
		x, y = y, x+y
	}
	fmt.Println(x, y)
	//cell
	s := []int{1, 2, 3}
	s[0], s[2] = s[2], s[0]
	i, j, k := 1, 2, 3
	i, j, k = k, i, j
	_show(s, i, j, k)
}
