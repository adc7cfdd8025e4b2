// panic(nil) in a function whose deferred call recovers: since Go 1.21 the recovered
// value is a *runtime.PanicNilError, a runtime.Error, not nil.
package main

import (
	"fmt"
	"runtime"
)

func try(f func()) (r any) {
	defer func() { r = recover() }()
	f()
	return "no panic"
}

func main() {
	r := try(func() { panic(nil) })
	fmt.Println(r != nil)
	_, isNilErr := r.(*runtime.PanicNilError)
	_, isRuntime := r.(runtime.Error)
	fmt.Println(isNilErr, isRuntime)
	//cell
	fmt.Println(r)
	fmt.Println(try(func() {}))
}
