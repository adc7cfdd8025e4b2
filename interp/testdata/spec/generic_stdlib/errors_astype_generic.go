// errors.AsType called from generic functions of the program with their own type
// parameter (constrained by error), and an error type with an As method that lets it
// match a different type.
package main

import (
	"errors"
	"fmt"
)

type Timeout struct{ Op string }

func (t Timeout) Error() string { return t.Op + ": timeout" }

type Temporary struct{ Cause string }

func (t *Temporary) Error() string { return "temporary: " + t.Cause }

// legacyErr converts itself to a Timeout through As.
type legacyErr struct{ code int }

func (l legacyErr) Error() string { return fmt.Sprint("legacy code ", l.code) }

func (l legacyErr) As(target any) bool {
	if t, ok := target.(*Timeout); ok && l.code == 408 {
		*t = Timeout{Op: "legacy"}
		return true
	}
	return false
}

// Has reports whether err's tree holds an E.
func Has[E error](err error) bool {
	_, ok := errors.AsType[E](err)
	return ok
}

// Describe names what it found.
func Describe[E error](err error) string {
	if e, ok := errors.AsType[E](err); ok {
		return fmt.Sprintf("found %v", e)
	}
	return "none"
}

func main() {
	err := fmt.Errorf("call: %w", Timeout{"dial"})
	fmt.Println(Has[Timeout](err), Has[*Temporary](err), Describe[Timeout](err))
	//cell
	tmp := errors.Join(errors.New("x"), &Temporary{"disk full"})
	fmt.Println(Has[*Temporary](tmp), Describe[*Temporary](tmp), Describe[Timeout](tmp))
	//cell
	fmt.Println(Describe[Timeout](legacyErr{408}), Has[Timeout](legacyErr{500}))
	wrapped := fmt.Errorf("retry: %w", legacyErr{408})
	t, ok := errors.AsType[Timeout](wrapped)
	_show(t.Op, ok, Has[legacyErr](wrapped))
}
