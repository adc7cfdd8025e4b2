// unique.Make canonicalizes comparable values: equal values give equal handles,
// different values different ones, and Value returns a copy of the value; with strings,
// ints, floats, a struct type of the program, and from a generic interner of the program.
package main

import (
	"fmt"
	"strings"
	"unique"
)

type Key struct {
	Region string
	Shard  int
}

// Interner counts how many distinct values it has seen.
type Interner[T comparable] struct {
	seen map[unique.Handle[T]]int
}

func (in *Interner[T]) Add(v T) unique.Handle[T] {
	if in.seen == nil {
		in.seen = map[unique.Handle[T]]int{}
	}
	h := unique.Make(v)
	in.seen[h]++
	return h
}

func main() {
	a := unique.Make("gopher")
	b := unique.Make(strings.ToLower("GOPHER"))
	c := unique.Make("gophers")
	fmt.Println(a == b, a == c, a.Value(), c.Value())
	fmt.Println(unique.Make(42) == unique.Make(40+2), unique.Make(1.5) == unique.Make(2.5), unique.Make(0) == unique.Handle[int]{})
	//cell
	k1 := unique.Make(Key{"eu", 3})
	k2 := unique.Make(Key{"eu", 3})
	k3 := unique.Make(Key{"us", 3})
	fmt.Println(k1 == k2, k1 == k3, k1.Value(), k3.Value().Region)
	//cell
	var words Interner[string]
	for _, w := range strings.Fields("to be or not to be") {
		words.Add(w)
	}
	fmt.Println(len(words.seen), words.seen[unique.Make("be")], words.seen[unique.Make("or")])
	var keys Interner[Key]
	h := keys.Add(Key{"ap", 1})
	keys.Add(Key{"ap", 1})
	_show(len(keys.seen), h.Value(), h == k1)
}
