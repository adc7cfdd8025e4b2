// A deferred function can recover a panic and panic again with a new value; an outer
// deferred recover then sees the new value.
package main

import "fmt"

func inner() {
	defer func() {
		if r := recover(); r != nil {
			panic(fmt.Sprintf("inner failed: %v", r))
		}
	}()
	panic("disk full")
}

func outer() (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("outer caught: ", r)
		}
	}()
	inner()
	return "no panic"
}

func main() {
	fmt.Println(outer())
	//cell
	func() {
		defer func() {
			r := recover()
			fmt.Println("recovered again:", r)
		}()
		defer func() {
			r := recover()
			fmt.Println("first recover:", r)
			panic(r)
		}()
		panic("original")
	}()
}
