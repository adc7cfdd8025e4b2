// Indexing a string out of range panics with an index out of range runtime error.
package main

import "fmt"

func lastByte(s string) byte {
	return s[len(s)-1]
}

func main() {
	fmt.Println(lastByte("abc"))
	//cell
	fmt.Println(lastByte(""))
}
