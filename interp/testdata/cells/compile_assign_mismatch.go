// A compile error (issue 11, item 5): strconv.Atoi's two results assigned to one
// variable in a later cell. The cells before it run; this one must fail with the
// compiler's own wording at the right line and column.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	fmt.Println("before")
	//cell
	x := 1
	y := strconv.Atoi("5")
	fmt.Println(x, y)
}
