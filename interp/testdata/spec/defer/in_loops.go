// Each execution of a defer statement pushes a new deferred call, so defers in a loop
// all run, last pushed first, when the function returns (not at the end of an iteration).
package main

import "fmt"

func loopArgs() {
	for i := range 3 {
		defer fmt.Println("arg", i)
	}
	fmt.Println("loop over")
}

func loopClosures() {
	for i := 0; i < 3; i++ {
		defer func() { fmt.Println("closure", i) }()
	}
	fmt.Println("loop over")
}

func perIteration() {
	for _, name := range []string{"a", "b", "c"} {
		func() {
			defer fmt.Println("end of", name)
			fmt.Println("start of", name)
		}()
	}
}

func main() {
	loopArgs()
	loopClosures()
	//cell
	perIteration()
}
