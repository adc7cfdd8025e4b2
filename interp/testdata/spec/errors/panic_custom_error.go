// Panicking with a program error value: the panic message is the Error method's text,
// followed by the concrete type in Go's report only for non-error values.
package main

import (
	"errors"
	"fmt"
)

type QuotaError struct {
	User  string
	Limit int
}

func (q QuotaError) Error() string {
	return fmt.Sprintf("user %s over quota of %d", q.User, q.Limit)
}

func use(user string, n int) {
	if n > 10 {
		panic(QuotaError{user, 10})
	}
	fmt.Println(user, "uses", n)
}

func main() {
	use("ann", 3)
	var qe QuotaError
	fmt.Println(errors.As(fmt.Errorf("w: %w", QuotaError{"x", 1}), &qe), qe.User)
	//cell
	use("bob", 11)
}
