// Instantiating a generic function with a type outside its constraint is a compile
// error: a slice does not satisfy cmp.Ordered.
package main

import (
	"cmp"
	"fmt"
)

func Min[T cmp.Ordered](a, b T) T {
	if a < b {
		return a
	}
	return b
}

func main() {
	fmt.Println(Min(3, 2), Min("b", "a"))
	//cell
	x := Min([]int{1}, []int{2})
	fmt.Println(x)
}
