// Since Go 1.21, panic(nil) panics with a *runtime.PanicNilError, so recover returns a
// non-nil value.
package main

import (
	"fmt"
	"runtime"
)

func main() {
	defer func() {
		r := recover()
		fmt.Println(r != nil)
		_, isNilErr := r.(*runtime.PanicNilError)
		_, isRuntime := r.(runtime.Error)
		fmt.Println(isNilErr, isRuntime)
		fmt.Println(r)
	}()
	panic(nil)
}
