// Defers at a cell's top level (issue 11, item 4): a cell that defers cancel() must
// go on with its other statements (ctx.Err() is still <nil> in Go, the deferred call
// runs when main ends); the last cell's defers run after its other statements, last
// deferred first, as at the end of the program's main; a deferred call's arguments
// are evaluated at the defer statement.
package main

import (
	"context"
	"fmt"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n int
	n++
	fmt.Println(ctx.Err(), n)
	//cell
	fmt.Println("between cells")
	//cell
	x := 1
	defer fmt.Println("x =", x)
	x = 2
	defer fmt.Println("first deferred, runs last")
	defer func() { fmt.Println("closure sees x =", x) }()
	for i := 0; i < 3; i++ {
		defer fmt.Println("loop defer", i)
	}
	fmt.Println("body done, x =", x)
}
