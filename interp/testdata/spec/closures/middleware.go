// Closures that wrap other functions, the decorator/middleware pattern: each wrapper
// captures the function it wraps.
package main

import (
	"fmt"
	"strings"
)

type handler func(string) string

func logging(name string, next handler) handler {
	return func(s string) string {
		fmt.Println(name, "in:", s)
		out := next(s)
		fmt.Println(name, "out:", out)
		return out
	}
}

func chain(h handler, wraps ...func(handler) handler) handler {
	for i := len(wraps) - 1; i >= 0; i-- {
		h = wraps[i](h)
	}
	return h
}

func main() {
	upper := handler(strings.ToUpper)
	trim := func(next handler) handler {
		return func(s string) string { return next(strings.TrimSpace(s)) }
	}
	exclaim := func(next handler) handler {
		return func(s string) string { return next(s) + "!" }
	}
	h := chain(upper, trim, exclaim)
	fmt.Println(h("  hi there "))
	//cell
	logged := logging("outer", logging("inner", upper))
	fmt.Println(logged("go"))
}
