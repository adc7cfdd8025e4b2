// A panic on the third line of a cell (issue 11, item 8): two statements run and print
// (to stdout, and with println and os.Stderr to stderr) first, the third panics; the
// error must name that cell and its line 3, and the cells after it must not run.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("cell one")
	println("builtin println", 1, true)
	//cell
	fmt.Println("first statement")
	fmt.Fprintln(os.Stderr, "second statement")
	panic(fmt.Sprintf("boom %d", 3))
	//cell
	fmt.Println("never printed")
}
