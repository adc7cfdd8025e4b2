// errors.AsType (Go 1.26) finds the first error of a type in an error's tree: an error
// type of the program with a value receiver, one with a pointer receiver, through %w
// wrapping and errors.Join; a miss gives the zero value and false.
package main

import (
	"errors"
	"fmt"
	"io/fs"
)

type NotFound struct{ Key string }

func (e NotFound) Error() string { return "not found: " + e.Key }

type RateLimit struct{ RetryAfter int }

func (e *RateLimit) Error() string { return fmt.Sprintf("rate limited, retry in %ds", e.RetryAfter) }

func lookup(key string) error {
	if key == "" {
		return &RateLimit{RetryAfter: 30}
	}
	return fmt.Errorf("lookup %q: %w", key, NotFound{key})
}

func main() {
	err := lookup("cfg")
	nf, ok := errors.AsType[NotFound](err)
	fmt.Println(nf.Key, ok, nf)
	rl, ok := errors.AsType[*RateLimit](err)
	fmt.Println(rl == nil, ok)
	//cell
	err = fmt.Errorf("outer: %w", lookup(""))
	if rl, ok := errors.AsType[*RateLimit](err); ok {
		fmt.Println("retry after", rl.RetryAfter, "-", err)
	}
	_, ok = errors.AsType[NotFound](err)
	fmt.Println(ok)
	//cell
	joined := errors.Join(errors.New("plain"), lookup("a"), lookup(""), lookup("b"))
	first, ok := errors.AsType[NotFound](joined)
	fmt.Println(first, ok)
	limit, ok := errors.AsType[*RateLimit](fmt.Errorf("batch: %w", joined))
	fmt.Println(limit.RetryAfter, ok)
	//cell
	pe, ok := errors.AsType[*fs.PathError](fmt.Errorf("open: %w", &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}))
	fmt.Println(pe.Path, ok, errors.Is(pe, fs.ErrNotExist))
	_, ok = errors.AsType[NotFound](nil)
	_show(ok)
}
