// make with a negative length from a variable panics at run time.
package main

import "fmt"

func main() {
	n := 2
	buf := make([]byte, n)
	fmt.Println(len(buf))
	//cell
	n -= 3
	fmt.Println("n =", n)
	buf = make([]byte, n)
}
