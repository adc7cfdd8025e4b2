// The nil case of a type switch matches a nil interface value; a typed nil pointer in
// an interface is not nil and matches its type's case.
package main

import (
	"errors"
	"fmt"
)

type myErr struct{}

func (*myErr) Error() string { return "my error" }

func check(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil interface"
	case *myErr:
		return fmt.Sprint("*myErr, nil pointer: ", v == nil)
	case error:
		return "error: " + v.Error()
	}
	return "something else"
}

func main() {
	var e *myErr
	var err error
	fmt.Println(check(nil))
	fmt.Println(check(err))
	fmt.Println(check(e))
	fmt.Println(check(errors.New("x")))
	fmt.Println(check(1))
}
