// A recovered runtime.Error is an error: its Error method gives the message with the
// "runtime error: " prefix, and errors.As finds it through wrapping.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

func divide(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			if re, ok := r.(runtime.Error); ok {
				err = fmt.Errorf("divide %d by %d: %w", a, b, re)
				return
			}
			panic(r)
		}
	}()
	return a / b, nil
}

func main() {
	q, err := divide(7, 2)
	fmt.Println(q, err)
	q, err = divide(7, 0)
	fmt.Println(q, err)
	//cell
	var re runtime.Error
	fmt.Println(errors.As(err, &re))
	fmt.Println(re.Error())
}
