// slices.Insert, Delete, DeleteFunc and Replace: results, the original slice's elements
// past the new length zeroed (Go 1.22), inserting at len(s), empty ranges, and use from
// a generic function of the program with a struct type.
package main

import (
	"fmt"
	"slices"
	"strings"
)

type Task struct {
	ID   int
	Done bool
}

// RemoveValue deletes every element equal to v.
func RemoveValue[S ~[]E, E comparable](s S, v E) S {
	return slices.DeleteFunc(s, func(e E) bool { return e == v })
}

// MoveToFront moves the element at i to the front.
func MoveToFront[E any](s []E, i int) []E {
	v := s[i]
	s = slices.Delete(s, i, i+1)
	return slices.Insert(s, 0, v)
}

func main() {
	s := []int{1, 2, 3, 4, 5}
	s = slices.Insert(s, 2, 10, 11)
	fmt.Println(s, len(s))
	s = slices.Insert(s, len(s), 99)
	fmt.Println(s)
	fmt.Println(slices.Insert([]string(nil), 0, "only"), slices.Insert([]int{1}, 1))
	//cell
	orig := []string{"a", "b", "c", "d", "e"}
	cut := slices.Delete(orig, 1, 3)
	fmt.Printf("%q %q\n", cut, orig)
	fmt.Println(slices.Delete([]int{1, 2}, 1, 1), slices.Delete([]int{1, 2}, 0, 2))
	//cell
	words := strings.Fields("go is fun and go is fast")
	kept := RemoveValue(words, "go")
	fmt.Printf("%q %d\n", kept, len(words))
	fmt.Println(RemoveValue([]float64{1.5, 2, 1.5}, 1.5), RemoveValue([]int(nil), 3) == nil)
	//cell
	tasks := []Task{{1, false}, {2, true}, {3, false}, {4, true}}
	open := slices.DeleteFunc(slices.Clone(tasks), func(t Task) bool { return t.Done })
	fmt.Println(open, tasks)
	fmt.Println(MoveToFront(tasks, 2))
	//cell
	r := []int{0, 1, 2, 3, 4}
	fmt.Println(slices.Replace(r, 1, 3, 7, 8, 9))
	r = []int{0, 1, 2, 3, 4}
	short := slices.Replace(r, 1, 4, 5)
	fmt.Println(short, r)
	_show(slices.Replace([]string{"x"}, 0, 0, "w"), slices.Replace([]string{"x"}, 1, 1))
}
