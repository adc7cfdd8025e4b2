// panic with an error value: the recovered value keeps its dynamic type, so a type
// assertion to error works and errors.Is sees wrapped sentinel errors.
package main

import (
	"errors"
	"fmt"
	"io"
)

var ErrNotFound = errors.New("not found")

func lookup(key string) string {
	if key == "" {
		panic(fmt.Errorf("lookup %q: %w", key, ErrNotFound))
	}
	if key == "eof" {
		panic(io.EOF)
	}
	return "value of " + key
}

func safeLookup(key string) (v string, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(error)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	return lookup(key), nil
}

func main() {
	for _, k := range []string{"a", "", "eof"} {
		v, err := safeLookup(k)
		fmt.Printf("%q %v notfound=%v eof=%v\n", v, err, errors.Is(err, ErrNotFound), errors.Is(err, io.EOF))
	}
}
