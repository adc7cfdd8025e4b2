// sync.OnceValue and sync.OnceValues cache a computed result, sync.OnceFunc wraps a
// function so it runs once, and a panic in OnceFunc's function repeats on every call.
package main

import (
	"errors"
	"fmt"
	"sync"
)

func main() {
	calls := 0
	square := sync.OnceValue(func() int {
		calls++
		return 12 * 12
	})
	fmt.Println(square(), square(), calls)
	//cell
	parse := sync.OnceValues(func() (int, error) {
		calls++
		return 0, errors.New("bad config")
	})
	v, err := parse()
	v2, err2 := parse()
	fmt.Println(v, err, v2, err2, calls)
	//cell
	greet := sync.OnceFunc(func() { fmt.Println("hello once") })
	greet()
	greet()
	//cell
	boom := sync.OnceFunc(func() { panic("init failed") })
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		boom()
	}()
	boom()
}
