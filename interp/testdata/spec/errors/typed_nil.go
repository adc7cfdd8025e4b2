// A nil *T stored in an error interface is not a nil error: the classic mistake of
// returning a typed nil pointer, compared with returning a literal nil.
package main

import "fmt"

type MyErr struct{ Msg string }

func (e *MyErr) Error() string {
	if e == nil {
		return "<nil MyErr>"
	}
	return e.Msg
}

func bad(fail bool) error {
	var p *MyErr
	if fail {
		p = &MyErr{"failed"}
	}
	return p
}

func good(fail bool) error {
	if fail {
		return &MyErr{"failed"}
	}
	return nil
}

func main() {
	e1 := bad(false)
	e2 := good(false)
	fmt.Println(e1 == nil, e2 == nil)
	fmt.Println(e1.Error())
	fmt.Printf("%v %T\n", e2, e2)
	//cell
	var p *MyErr
	var err error = p
	fmt.Println(p == nil, err == nil, err != nil)
	if me, ok := err.(*MyErr); ok {
		fmt.Println("holds *MyErr, nil:", me == nil)
	}
	//cell
	_show(bad(true), good(true) == nil)
}
