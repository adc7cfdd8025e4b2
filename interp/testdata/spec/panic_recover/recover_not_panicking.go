// recover returns nil when the goroutine is not panicking, or when it is not called
// from a deferred function; the deferred function itself can be a named function.
package main

import "fmt"

func handler() {
	if r := recover(); r != nil {
		fmt.Println("handler recovered:", r)
	} else {
		fmt.Println("handler: nothing to recover")
	}
}

func calm() {
	defer handler()
	fmt.Println("calm body")
}

func stormy() {
	defer handler()
	panic("storm")
}

func main() {
	fmt.Println("outside a defer:", recover())
	calm()
	stormy()
	fmt.Println("main goes on")
}
