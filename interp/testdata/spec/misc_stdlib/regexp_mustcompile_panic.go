// regexp.MustCompile panics on an invalid pattern, with the compile error in the
// message; the panic is not a runtime error.
package main

import (
	"fmt"
	"regexp"
)

var digits = regexp.MustCompile(`^\d+$`)

func main() {
	fmt.Println(digits.MatchString("12345"), digits.MatchString("12a"))
	//cell
	pattern := "[a-z"
	fmt.Println("compiling", pattern)
	re := regexp.MustCompile(pattern)
	fmt.Println(re)
}
