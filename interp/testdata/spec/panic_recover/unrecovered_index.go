// An index out of range panics with the index and the length in the message.
package main

import "fmt"

func last(s []int, n int) int {
	return s[len(s)-n]
}

func main() {
	s := []int{10, 20, 30}
	fmt.Println(last(s, 1))
	//cell
	fmt.Println(last(s, 0))
}
