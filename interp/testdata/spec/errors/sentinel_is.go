// Sentinel errors made with errors.New compare by identity: errors.Is finds one
// through fmt.Errorf %w wrapping, and two errors.New with the same text differ.
package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")
var ErrDenied = errors.New("permission denied")

func lookup(key string) (string, error) {
	switch key {
	case "a":
		return "apple", nil
	case "secret":
		return "", fmt.Errorf("lookup %q: %w", key, ErrDenied)
	}
	return "", fmt.Errorf("lookup %q: %w", key, ErrNotFound)
}

func main() {
	for _, k := range []string{"a", "b", "secret"} {
		v, err := lookup(k)
		switch {
		case err == nil:
			fmt.Println("found", v)
		case errors.Is(err, ErrNotFound):
			fmt.Println("missing:", err)
		case errors.Is(err, ErrDenied):
			fmt.Println("denied:", err)
		}
	}
	//cell
	other := errors.New("not found")
	fmt.Println(other == ErrNotFound, errors.Is(other, ErrNotFound), other.Error() == ErrNotFound.Error())
	_, err := lookup("zz")
	_show(err == ErrNotFound, errors.Unwrap(err) == ErrNotFound)
}
