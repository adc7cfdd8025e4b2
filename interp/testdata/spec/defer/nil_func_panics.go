// Deferring a nil function value is allowed, but the program panics when the deferred
// call is run, as the function returns, not at the defer statement.
package main

import "fmt"

func withCleanup(cleanup func()) {
	defer cleanup()
	fmt.Println("after defer: the nil function has not been called yet")
}

func main() {
	withCleanup(func() { fmt.Println("cleanup ran") })
	//cell
	fmt.Println("now with a nil cleanup")
	withCleanup(nil)
}
