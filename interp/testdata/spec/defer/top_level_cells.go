// Defers in main run when main returns, after everything else main does, last deferred
// first, with arguments evaluated where the defer statement is.
package main

import "fmt"

func main() {
	step := 1
	defer fmt.Println("main deferred 1, step was", step)
	step++
	//cell
	fmt.Println("second cell, step", step)
	defer fmt.Println("main deferred 2, step was", step)
	step++
	//cell
	defer func() { fmt.Println("closure sees step", step) }()
	step = 100
	fmt.Println("main body ends")
}
