// A closure in an expression sees variable updates made by calls evaluated before
// it in left-to-right order.
package main

import "fmt"

func main() {
	n := 0
	inc := func() int {
		n++
		return n
	}
	fmt.Println(inc(), inc(), inc())
	//cell
	r := []int{inc(), n, inc()}
	fmt.Println(r[0], r[2], n)
	//cell
	get := func() int { return n }
	total := inc() + get()
	_show(total, n)
}
