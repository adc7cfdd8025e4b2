// A deferred recover in main itself: the panic is stopped, main returns normally after
// the deferred function, and the program exits without a panic report.
package main

import "fmt"

func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("main recovered:", r)
		}
	}()
	fmt.Println("working")
	panic("something went wrong")
}
