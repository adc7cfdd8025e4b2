// Run-time panics are runtime.Error values; recovered, they print the runtime's
// message, while a panic with an ordinary error is not a runtime.Error.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

func catch(name string, f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		fmt.Printf("%s: %v (runtime.Error: %v)\n", name, r, isRuntime)
	}()
	f()
}

func main() {
	catch("nil map", func() {
		var m map[string]int
		m["a"] = 1
	})
	catch("index", func() {
		s := []int{1, 2, 3}
		i := 5
		_ = s[i]
	})
	catch("slice bounds", func() {
		s := []int{1, 2, 3}
		lo, hi := 2, 1
		_ = s[lo:hi]
	})
	//cell
	catch("nil pointer", func() {
		var p *struct{ X int }
		_ = p.X
	})
	catch("divide", func() {
		a, b := 1, 0
		_ = a / b
	})
	catch("assertion", func() {
		var v any = "text"
		_ = v.(int)
	})
	catch("closed channel", func() {
		ch := make(chan int)
		close(ch)
		close(ch)
	})
	catch("plain error", func() { panic(errors.New("mine")) })
}
