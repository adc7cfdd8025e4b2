// errors.Is asks each error in the chain's Is method, through a program type's Unwrap
// and through fmt.Errorf's %w; errors.Unwrap calls the program type's Unwrap method.
package main

import (
	"errors"
	"fmt"
)

type codeErr struct{ code int }

func (e codeErr) Error() string { return fmt.Sprint("code ", e.code) }

func (e codeErr) Is(target error) bool {
	t, ok := target.(codeErr)
	return ok && (t.code == 0 || t.code == e.code)
}

type wrapErr struct {
	op  string
	err error
}

func (w *wrapErr) Error() string { return w.op + ": " + w.err.Error() }
func (w *wrapErr) Unwrap() error { return w.err }

func main() {
	base := codeErr{7}
	wrapped := &wrapErr{"read", base}
	viaFmt := fmt.Errorf("load: %w", wrapped)
	fmt.Println(errors.Is(base, codeErr{7}), errors.Is(base, codeErr{0}), errors.Is(base, codeErr{8}))
	fmt.Println(errors.Is(wrapped, codeErr{0}), errors.Is(wrapped, codeErr{8}))
	fmt.Println(errors.Is(viaFmt, codeErr{7}), errors.Is(viaFmt, errors.ErrUnsupported))
	//cell
	fmt.Println(errors.Unwrap(wrapped))
	fmt.Println(errors.Unwrap(base) == nil)
	fmt.Println(errors.Unwrap(errors.Unwrap(viaFmt)))
}
