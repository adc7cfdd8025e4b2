// Returning a package function by name, constants from unsafe, blank types.
package main

import (
	"fmt"
	"unsafe"
)

type _ struct{}

type (
	_    [2]int
	pair struct {
		a int8
		b int64
	}
)

func double(x int) int { return 2 * x }

func pick(name string) func(int) int {
	if name == "double" {
		return double
	}
	return nil
}

func (p *pair) offsets() (uintptr, uintptr) {
	return unsafe.Offsetof(p.b), unsafe.Sizeof(*p)
}

func main() {
	var p pair
	o, s := p.offsets()
	fmt.Println(pick("double")(21), pick("x") == nil, o, s, unsafe.Alignof(p.b))
}
