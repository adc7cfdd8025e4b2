// Method expressions used as values, and a method called on a conversion to an
// interface (yaegi: reflect.Set of func values, NumField on int).
package main

import (
	"fmt"
	"strconv"
)

type myint int

func (i myint) String() string { return strconv.Itoa(int(i)) }

type S struct{ n int }

func (s S) Get(k int) int          { return s.n * k }
func (s *S) Set(v int)             { s.n = v }
func apply(f func(S, int) int) int { return f(S{3}, 2) }

type Getter interface{ Get(int) int }

func main() {
	f := myint.String
	fs := []func(S, int) int{S.Get}
	set := (*S).Set
	s := &S{}
	set(s, 5)
	g := Getter.Get
	fmt.Println(f(7), fs[0](S{2}, 3), s.n, apply(S.Get), g(S{4}, 2), fmt.Stringer(myint(9)).String())
}
