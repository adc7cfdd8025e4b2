// Since Go 1.22 each iteration of a for loop has its own loop variables, so closures
// created in different iterations see different values.
package main

import "fmt"

func main() {
	var funcs []func() int
	for i := 0; i < 3; i++ {
		funcs = append(funcs, func() int { return i * 10 })
	}
	for _, f := range funcs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	var printers []func()
	for _, word := range []string{"alpha", "beta", "gamma"} {
		printers = append(printers, func() { fmt.Print(word, " ") })
	}
	for _, p := range printers {
		p()
	}
	fmt.Println()
}
