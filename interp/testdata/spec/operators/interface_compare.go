// Interface values are equal when their dynamic types and values are equal; a
// nil interface differs from one holding a typed nil pointer; interface and
// non-interface operands compare by converting.
package main

import (
	"errors"
	"fmt"
)

type MyErr struct{ Code int }

func (e *MyErr) Error() string { return fmt.Sprint("code ", e.Code) }

func find(fail bool) error {
	var e *MyErr
	if fail {
		e = &MyErr{1}
	}
	return e
}

func main() {
	var a, b any = 3, 3
	var c any = int64(3)
	fmt.Println(a == b, a == c, a == 3)
	//cell
	err := find(false)
	fmt.Println(err == nil, err != nil)
	var e2 error
	fmt.Println(e2 == nil)
	//cell
	sentinel := errors.New("x")
	other := errors.New("x")
	fmt.Println(sentinel == other, sentinel == sentinel)
	_show(any("s") == any("s"), any([2]int{1, 2}) == any([2]int{1, 2}))
}
