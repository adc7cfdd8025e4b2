// Slicing beyond the capacity panics with a slice bounds error at run time.
package main

import "fmt"

func main() {
	s := make([]byte, 3, 5)
	fmt.Println(len(s[:5]), cap(s[2:]))
	//cell
	n := 6
	fmt.Println(s[:n])
}
