// Integer division by a zero variable panics at run time; floating-point division by
// zero does not.
package main

import "fmt"

func average(sum, n int) int {
	return sum / n
}

func main() {
	zero := 0.0
	fmt.Println(1/zero, -1/zero)
	fmt.Println(average(10, 4))
	//cell
	fmt.Println(average(10, 0))
}
