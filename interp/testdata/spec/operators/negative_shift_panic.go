// A shift by a negative signed count panics at run time.
package main

import "fmt"

func main() {
	shift := 3
	fmt.Println(1 << shift)
	//cell
	shift -= 5
	fmt.Println("shift is", shift)
	fmt.Println(1 << shift)
}
