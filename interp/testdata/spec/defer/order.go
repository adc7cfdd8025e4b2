// Deferred calls run last in, first out, with arguments evaluated at the defer.
package main

import "fmt"

func order() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body done")
}

func main() {
	order()
	x := 1
	func() {
		defer fmt.Println("x at defer:", x)
		x = 2
	}()
	fmt.Println("x now:", x)
}
