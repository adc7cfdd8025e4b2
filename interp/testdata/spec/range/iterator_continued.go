// An iterator that ignores yield's false result and calls it again makes the loop
// panic: "range function continued iteration after function for loop body returned false".
package main

import "fmt"

func careless(yield func(int) bool) {
	for i := 0; i < 3; i++ {
		yield(i)
	}
}

func main() {
	for v := range careless {
		fmt.Println("v", v)
	}
	//cell
	for v := range careless {
		fmt.Println("breaking at", v)
		break
	}
}
