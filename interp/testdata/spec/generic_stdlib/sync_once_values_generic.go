// sync.OnceValues inside a generic type of the program: a lazily loaded resource of
// any type whose loader runs once, keeping its error; with a struct type, a slice and
// a failing loader.
package main

import (
	"errors"
	"fmt"
	"sync"
)

type Schema struct {
	Name   string
	Fields []string
}

// Lazy loads a value on first use.
type Lazy[T any] struct {
	get func() (T, error)
}

func NewLazy[T any](name string, load func() (T, error)) *Lazy[T] {
	return &Lazy[T]{get: sync.OnceValues(func() (T, error) {
		fmt.Println("loading", name)
		return load()
	})}
}

func (l *Lazy[T]) Must() T {
	v, err := l.get()
	if err != nil {
		panic(err)
	}
	return v
}

func main() {
	schema := NewLazy("schema", func() (Schema, error) { return Schema{"users", []string{"id", "email"}}, nil })
	fmt.Println("created")
	fmt.Println(schema.Must().Name, schema.Must().Fields)
	//cell
	primes := NewLazy("primes", func() ([]int, error) { return []int{2, 3, 5, 7}, nil })
	p, err := primes.get()
	fmt.Println(p, err, len(primes.Must()))
	//cell
	broken := NewLazy("broken", func() (float64, error) { return 0, errors.New("disk offline") })
	for i := 0; i < 2; i++ {
		v, err := broken.get()
		fmt.Println(v, err)
	}
	//cell
	fmt.Println(broken.Must())
}
