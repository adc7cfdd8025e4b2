// slices.Delete with i > j panics with a slice bounds runtime error, and so does
// slices.Replace with j past the length.
package main

import (
	"fmt"
	"slices"
)

func main() {
	s := []int{10, 20, 30, 40}
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		_ = slices.Replace(s, 1, 9, 0)
	}()
	fmt.Println(slices.Delete(s, 3, 4))
	//cell
	fmt.Println(slices.Delete(s, 2, 1))
}
