// fmt.Errorf with %w wraps an error: the message includes it, errors.Unwrap returns
// it, errors.Is sees through several layers, and %v of a wrapping error prints the
// whole chain; %w with a non-error operand gives %!w(...).
package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")

type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return e.Query + ": " + e.Err.Error() }

func (e *QueryError) Unwrap() error { return e.Err }

func find(q string) error {
	return &QueryError{q, ErrNotFound}
}

func main() {
	err := fmt.Errorf("loading user %d: %w", 42, find("select"))
	fmt.Println(err)
	fmt.Printf("%v|%s|%q\n", err, err, err)
	//cell
	inner := errors.Unwrap(err)
	fmt.Println(inner)
	fmt.Println(errors.Is(err, ErrNotFound), errors.Is(inner, ErrNotFound))
	var qe *QueryError
	fmt.Println(errors.As(err, &qe), qe.Query)
	//cell
	two := fmt.Errorf("both: %w and %w", ErrNotFound, errors.New("timeout"))
	fmt.Println(two, errors.Is(two, ErrNotFound))
	bad := fmt.Errorf("not an error: %w", "text")
	_show(bad.Error(), errors.Unwrap(bad) == nil)
}
