// Slice expressions check 0 <= low <= high <= cap; a violation panics with the bounds
// in the message.
package main

import "fmt"

func main() {
	s := make([]byte, 3, 5)
	fmt.Println(len(s[1:5]), cap(s[1:5]))
	//cell
	hi := 6
	fmt.Println(s[:hi])
}
