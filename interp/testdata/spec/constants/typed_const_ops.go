// Typed constants keep their type through expressions, and untyped constants
// mixed with them adapt to that type.
package main

import (
	"fmt"
	"time"
)

type Celsius float64

const Boiling Celsius = 100

func main() {
	const timeout = 2 * time.Second
	fmt.Println(timeout, timeout/4)
	fmt.Printf("%T %v\n", Boiling/2, Boiling/2)
	fmt.Println(time.Duration(1.5 * float64(time.Second)))
	//cell
	const n int32 = 7
	fmt.Printf("%T %v\n", n*2.0, n/2)
	var total int64 = 10
	_show(total+int64(n), time.Minute+90*time.Second)
}
