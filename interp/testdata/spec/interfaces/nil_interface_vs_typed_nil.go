// An interface holding a nil pointer is not a nil interface: it has a dynamic type.
// The classic trap is a function returning a nil *MyError as error.
package main

import "fmt"

type MyError struct{ msg string }

func (e *MyError) Error() string {
	if e == nil {
		return "nil MyError"
	}
	return e.msg
}

func mayFail(fail bool) error {
	var p *MyError
	if fail {
		p = &MyError{"failed"}
	}
	return p
}

func really(fail bool) error {
	if fail {
		return &MyError{"failed"}
	}
	return nil
}

func main() {
	var e error
	fmt.Println(e == nil, e)
	//cell
	err := mayFail(false)
	fmt.Println(err == nil, err)
	fmt.Printf("%T\n", err)
	//cell
	fmt.Println(really(false) == nil, really(true))
	var p *MyError
	var x any = p
	_show(x == nil, p == nil, x.(*MyError) == nil)
}
