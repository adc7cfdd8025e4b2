package snapshot

import (
	"reflect"
	"sync"
)

// A Wrapper is a type that stands for another value: the interpreter that runs
// notebook cells keeps an interface value of a cell's type as a struct of its own
// that holds the value beside the interpreter's description of its type, and walking
// that description would walk the interpreter. The process that runs the
// interpreter registers its wrappers, and the walk sees the wrapped value instead.
type Wrapper struct {
	// Match reports whether t is a wrapper type.
	Match func(t reflect.Type) bool
	// Unwrap returns the value v stands for; an invalid Value walks as a nil
	// interface.
	Unwrap func(v reflect.Value) reflect.Value
}

var (
	wrappersMu sync.Mutex
	wrappers   []Wrapper
)

// RegisterWrapper makes the walk see through values of the types w matches. Register
// before the first walk: the walk remembers what it decided for each type.
func RegisterWrapper(w Wrapper) {
	wrappersMu.Lock()
	defer wrappersMu.Unlock()
	wrappers = append(wrappers, w)
}

// wrapperWalkFunc returns the walkFunc of t when t is a registered wrapper: the
// wrapped value, written as an interface holds it (its type, then itself).
func wrapperWalkFunc(t reflect.Type) walkFunc {
	wrappersMu.Lock()
	defer wrappersMu.Unlock()
	for _, wr := range wrappers {
		if wr.Match(t) {
			unwrap := wr.Unwrap
			return func(w *walker, v reflect.Value) {
				inner := unwrap(v)
				if !inner.IsValid() {
					w.writeByte(tagNil)
					return
				}
				w.walkDynamic(inner)
			}
		}
	}
	return nil
}
