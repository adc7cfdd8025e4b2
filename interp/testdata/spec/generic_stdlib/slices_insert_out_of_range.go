// slices.Insert with an index past the length panics with a slice bounds runtime error,
// called from a generic function of the program.
package main

import (
	"fmt"
	"slices"
)

func Prepend[E any](s []E, at int, v ...E) []E {
	return slices.Insert(s, at, v...)
}

func main() {
	s := []string{"a", "b", "c"}
	fmt.Println(Prepend(s, 3, "d"))
	fmt.Println(Prepend(s, 0))
	fmt.Println(Prepend(s, 5, "x"))
}
