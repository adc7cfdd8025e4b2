// The classic trace/un idiom: in defer un(trace("f")), trace runs at the defer
// statement and un runs when the function returns.
package main

import (
	"fmt"
	"strings"
)

var depth int

func trace(name string) string {
	fmt.Println(strings.Repeat("  ", depth) + "enter " + name)
	depth++
	return name
}

func un(name string) {
	depth--
	fmt.Println(strings.Repeat("  ", depth) + "leave " + name)
}

func inner() {
	defer un(trace("inner"))
	fmt.Println(strings.Repeat("  ", depth) + "in inner")
}

func outer() {
	defer un(trace("outer"))
	inner()
}

func timed(name string) func() {
	fmt.Println("start", name)
	return func() { fmt.Println("stop", name) }
}

func main() {
	outer()
	//cell
	func() {
		defer timed("block")()
		fmt.Println("block body")
	}()
}
