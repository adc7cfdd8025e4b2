// Integer division by a zero variable panics with a runtime error.
package main

import "fmt"

func average(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total / len(xs)
}

func main() {
	fmt.Println(average([]int{2, 4, 9}))
	//cell
	fmt.Println(average(nil))
}
