// A panic in a deferred function while another panic is under way replaces it: recover
// returns the latest value.
package main

import (
	"errors"
	"fmt"
)

func cleanup() {
	panic(errors.New("cleanup failed"))
}

func work() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	defer cleanup()
	panic("work failed")
}

func main() {
	fmt.Println(work())
	//cell
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		defer func() { panic("from defer, no panic before") }()
		fmt.Println("body ends normally")
	}()
}
