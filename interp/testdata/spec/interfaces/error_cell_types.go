// A cell type with an Error method is an error: fmt prints it through Error with %v
// and %s, in slices and struct fields, and errors.As and errors.Is find it inside a
// wrapped error.
package main

import (
	"errors"
	"fmt"
)

type NotFound struct {
	Key string
}

func (e NotFound) Error() string { return "not found: " + e.Key }

var ErrClosed = errors.New("closed")

type Result struct {
	Name string
	Err  error
}

func lookup(k string) error {
	if k == "" {
		return ErrClosed
	}
	return fmt.Errorf("lookup %q: %w", k, NotFound{k})
}

func main() {
	var err error = NotFound{"id"}
	fmt.Println(err)
	fmt.Printf("%v|%s|%q\n", err, err, err)
	//cell
	errs := []error{NotFound{"a"}, ErrClosed}
	fmt.Println(errs)
	fmt.Printf("%+v\n", Result{"r", NotFound{"b"}})
	//cell
	e := lookup("user")
	fmt.Println(e)
	var nf NotFound
	fmt.Println(errors.As(e, &nf), nf.Key)
	fmt.Println(errors.Is(lookup(""), ErrClosed), errors.Is(e, ErrClosed))
	_show(e)
}
