// A generic Set[T comparable] declared as a named map type with methods, including a
// method that returns a new Set of the same instantiation.
package main

import (
	"fmt"
	"slices"
)

type Set[T comparable] map[T]struct{}

func Of[T comparable](xs ...T) Set[T] {
	s := Set[T]{}
	for _, x := range xs {
		s[x] = struct{}{}
	}
	return s
}

func (s Set[T]) Has(x T) bool {
	_, ok := s[x]
	return ok
}

func (s Set[T]) Intersect(o Set[T]) Set[T] {
	out := Set[T]{}
	for x := range s {
		if o.Has(x) {
			out[x] = struct{}{}
		}
	}
	return out
}

func main() {
	a := Of(1, 2, 3, 4)
	b := Of(3, 4, 5)
	both := a.Intersect(b)
	keys := []int{}
	for k := range both {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	fmt.Println(keys, len(both), both.Has(3), both.Has(1))
	//cell
	colors := Of("red", "green")
	fmt.Println(colors.Has("red"), colors.Has("blue"), len(colors))
	_show(Of[string]().Has(""))
}
