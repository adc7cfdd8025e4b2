// recover returns nil when it is not called directly by the deferred function: a
// helper called from the deferred function cannot stop the panic, which goes on.
package main

import "fmt"

func tryRecover() {
	r := recover()
	fmt.Println("helper's recover returned", r)
}

func direct() {
	defer func() {
		fmt.Println("direct recover returned", recover())
	}()
	panic("first")
}

func nested() {
	defer func() {
		tryRecover()
	}()
	panic("second")
}

func main() {
	direct()
	fmt.Println("after direct")
	//cell
	nested()
	fmt.Println("not reached")
}
