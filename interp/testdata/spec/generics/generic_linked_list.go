// A generic singly linked list: a generic node type referring to itself, methods
// that walk it, and a generic function that builds one from a slice.
package main

import (
	"fmt"
	"strings"
)

type node[T any] struct {
	val  T
	next *node[T]
}

type List[T any] struct {
	head *node[T]
	size int
}

func (l *List[T]) PushFront(v T) {
	l.head = &node[T]{v, l.head}
	l.size++
}

func (l *List[T]) Each(f func(T)) {
	for n := l.head; n != nil; n = n.next {
		f(n.val)
	}
}

func (l *List[T]) String() string {
	var parts []string
	l.Each(func(v T) { parts = append(parts, fmt.Sprint(v)) })
	return "[" + strings.Join(parts, " -> ") + "]"
}

func FromSlice[T any](xs []T) *List[T] {
	l := &List[T]{}
	for i := len(xs) - 1; i >= 0; i-- {
		l.PushFront(xs[i])
	}
	return l
}

func main() {
	l := FromSlice([]int{1, 2, 3})
	fmt.Println(l.String(), l.size)
	//cell
	words := FromSlice([]string{"go", "is", "fun"})
	total := 0
	words.Each(func(s string) { total += len(s) })
	fmt.Println(words, total)
	//cell
	var empty List[float64]
	fmt.Println(empty.String(), empty.size)
	_show(l.head.next.val)
}
