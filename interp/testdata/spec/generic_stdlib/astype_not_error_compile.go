// errors.AsType's type argument must implement error: a struct type of the program
// without an Error method does not, and the instantiation fails to compile.
package main

import (
	"errors"
	"fmt"
)

type Status struct{ Code int }

func main() {
	err := errors.New("boom")
	fmt.Println(err)
	//cell
	s, ok := errors.AsType[Status](err)
	fmt.Println(s, ok)
}
