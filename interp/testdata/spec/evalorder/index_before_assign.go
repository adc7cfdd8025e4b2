// Assignment proceeds in two phases: index expressions and pointer indirections on
// the left and all expressions on the right are evaluated first, then assignments
// happen left to right.
package main

import "fmt"

func main() {
	a := []int{10, 20, 30}
	i := 0
	i, a[i] = 1, 99
	fmt.Println(i, a)
	//cell
	i = 0
	a[i], i = 7, 2
	fmt.Println(i, a)
	//cell
	x := []int{1, 2, 3}
	x, x[0] = nil, 42
	fmt.Println(x == nil)
	//cell
	n := 1
	m := map[int]int{}
	m[n], n = n*10, n+1
	_show(m[1], m[2], n)
}
