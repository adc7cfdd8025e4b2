// A generic type declared and used in the same cell (issue 11, item 5; this one is no
// compile error): cell 0 declares Pair and package variables of two instantiations;
// %v and %+v must print them as Go does, and a method of the generic type works.
package main

import "fmt"

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) Describe() string { return fmt.Sprintf("%v -> %v", p.Key, p.Val) }

var p = Pair[string, int]{"a", 1}

var described = fmt.Sprintf("%+v", Pair[int, bool]{2, true})

func main() {
	fmt.Printf("%v\n", p)
	fmt.Printf("%+v\n", p)
	fmt.Println(described)
	//cell
	q := Pair[string, []int]{Key: "xs", Val: []int{1, 2}}
	fmt.Printf("%v %+v\n", q, q)
	fmt.Println(q.Describe())
	_show(p.Key, p.Val)
}
