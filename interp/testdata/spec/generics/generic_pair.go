// A generic struct with two type parameters, a constructor whose type arguments are
// inferred, a method returning another instantiation, and %T/%v/%+v of the values.
package main

import "fmt"

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func MakePair[K comparable, V any](k K, v V) Pair[K, V] { return Pair[K, V]{k, v} }

func (p Pair[K, V]) Swap() Pair[string, K] {
	return Pair[string, K]{fmt.Sprint(p.Val), p.Key}
}

func main() {
	p := MakePair("age", 42)
	fmt.Printf("%v %+v\n", p, p)
	fmt.Printf("%T\n", p)
	//cell
	s := p.Swap()
	fmt.Printf("%v %T\n", s, s)
	//cell
	pairs := []Pair[int, bool]{{1, true}, {2, false}}
	fmt.Println(pairs, pairs[1].Key)
	_show(MakePair(3.5, []string{"x"}))
}
