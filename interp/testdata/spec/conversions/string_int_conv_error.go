// Converting a string to an int is not a conversion in Go: it is a compile error;
// strconv.Atoi does the parsing.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("42")
	fmt.Println(n+1, err)
	//cell
	s := "42"
	m := int(s)
	fmt.Println(m)
}
