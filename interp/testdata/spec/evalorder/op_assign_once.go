// x op= y evaluates x only once: an index expression with a side effect in the
// operand runs its call a single time.
package main

import "fmt"

var n int

func idx() int {
	n++
	return 0
}

func main() {
	s := []int{5}
	s[idx()] += 10
	fmt.Println(s, n)
	//cell
	s[idx()]++
	fmt.Println(s, n)
	//cell
	p := &s[0]
	*p *= 2
	_show(s[0], n)
}
