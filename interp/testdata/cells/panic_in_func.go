// A panic inside a function declared in cell 0 (issue 11, item 8): the innermost frame
// must be the panicking line of that function (in cell 0's numbering) and the cell's
// own frame the line of the call; the panic value is an error, printed by its Error
// method.
package main

import (
	"errors"
	"fmt"
)

var errEmpty = errors.New("empty input")

func first(xs []int) int {
	fmt.Println("looking at", len(xs), "values")
	if len(xs) == 0 {
		panic(fmt.Errorf("first: %w", errEmpty))
	}
	return xs[0]
}

func main() {
	fmt.Println(first([]int{4, 5}))
	//cell
	var none []int
	fmt.Println("calling")
	v := first(none)
	fmt.Println(v)
}
