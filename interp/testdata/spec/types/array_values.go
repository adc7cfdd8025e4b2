// Arrays are values: assignment and passing to a function copy all elements, and
// arrays of comparable elements compare with ==.
package main

import "fmt"

func zeroFirst(a [3]int) [3]int {
	a[0] = 0
	return a
}

func zeroFirstPtr(a *[3]int) {
	a[0] = 0
}

func main() {
	a := [3]int{1, 2, 3}
	b := a
	b[1] = 20
	fmt.Println(a, b, a == b)
	//cell
	c := zeroFirst(a)
	fmt.Println(a, c)
	zeroFirstPtr(&a)
	fmt.Println(a, a == c)
	//cell
	grid := [2][2]string{{"a", "b"}, {"c", "d"}}
	row := grid[1]
	row[0] = "X"
	fmt.Println(grid, row, len(grid))
	auto := [...]int{5: 1, 2}
	_show(len(auto), auto)
}
