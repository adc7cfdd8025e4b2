// A program error type with its own Is method lets errors.Is match by a field instead
// of identity; an Unwrap method on a struct exposes its cause.
package main

import (
	"errors"
	"fmt"
)

type StatusErr struct {
	Code int
	Path string
}

func (e *StatusErr) Error() string { return fmt.Sprintf("%s: status %d", e.Path, e.Code) }

func (e *StatusErr) Is(target error) bool {
	t, ok := target.(*StatusErr)
	return ok && t.Code == e.Code
}

var ErrNotFound = &StatusErr{Code: 404}

type OpError struct {
	Op  string
	Err error
}

func (e *OpError) Error() string { return e.Op + ": " + e.Err.Error() }
func (e *OpError) Unwrap() error { return e.Err }

func main() {
	err := &OpError{"fetch", &StatusErr{404, "/a"}}
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrNotFound))
	fmt.Println(errors.Is(err, &StatusErr{Code: 500}))
	//cell
	var se *StatusErr
	if errors.As(err, &se) {
		fmt.Println(se.Path, se.Code, se == ErrNotFound)
	}
	_show(errors.Unwrap(err) == error(se))
}
