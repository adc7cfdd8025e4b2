// A type switch over error values of several program types, including a nil error and
// an error wrapped so that the switch does not see through it.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
)

type TimeoutErr struct{ Secs int }

func (t TimeoutErr) Error() string { return "timeout after " + strconv.Itoa(t.Secs) + "s" }

type AuthErr struct{ User string }

func (a *AuthErr) Error() string { return "bad credentials for " + a.User }

func classify(err error) string {
	switch e := err.(type) {
	case nil:
		return "ok"
	case TimeoutErr:
		return fmt.Sprintf("retry later (%d)", e.Secs)
	case *AuthErr:
		return "login again as " + e.User
	case *strconv.NumError:
		return "bad number " + e.Num
	default:
		return "unknown: " + e.Error()
	}
}

func main() {
	_, numErr := strconv.Atoi("12a")
	errs := []error{nil, TimeoutErr{5}, &AuthErr{"kim"}, numErr, fmt.Errorf("wrapped: %w", TimeoutErr{1}), os.ErrNotExist}
	for _, e := range errs {
		fmt.Println(classify(e))
	}
	//cell
	fmt.Println(errors.Is(errs[4], TimeoutErr{1}), errors.Is(errs[4], TimeoutErr{2}))
}
