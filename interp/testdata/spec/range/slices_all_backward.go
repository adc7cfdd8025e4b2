// slices.All yields index/value pairs, slices.Backward the same in reverse order and
// slices.Values only the values.
package main

import (
	"fmt"
	"slices"
)

func main() {
	s := []string{"a", "b", "c"}
	for i, v := range slices.All(s) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	for i, v := range slices.Backward(s) {
		fmt.Print(i, v, " ")
	}
	fmt.Println()
	//cell
	var joined string
	for v := range slices.Values(s) {
		joined += v
	}
	fmt.Println(joined)
	_show(slices.Collect(slices.Values(s)))
}
