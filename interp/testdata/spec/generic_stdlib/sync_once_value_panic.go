// A function given to sync.OnceValue that panics is not called again: every call of
// the returned function panics with the same value, recovered twice and then left to
// end the program; OnceValues too.
package main

import (
	"errors"
	"fmt"
	"sync"
)

var calls int

var token = sync.OnceValue(func() string {
	calls++
	panic("no credentials configured")
})

func try(f func() string) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprint("recovered: ", r)
		}
	}()
	return f()
}

func main() {
	fmt.Println(try(token))
	fmt.Println(try(token), calls)
	//cell
	pair := sync.OnceValues(func() (int, error) {
		calls++
		panic(errors.New("broken pair"))
	})
	func() {
		defer func() { fmt.Println("first:", recover(), calls) }()
		pair()
	}()
	func() {
		defer func() { fmt.Println("again:", recover(), calls) }()
		pair()
	}()
	//cell
	fmt.Println(token())
}
