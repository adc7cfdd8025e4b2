// A generic type Stack[T] with methods on its pointer, instantiated with an int, a
// string and a cell struct type; popping an empty stack panics with our message.
package main

import "fmt"

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() T {
	if len(s.items) == 0 {
		panic("pop from empty stack")
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v
}

func (s *Stack[T]) Len() int { return len(s.items) }

type Move struct {
	From, To string
}

func main() {
	var ints Stack[int]
	ints.Push(1)
	ints.Push(2)
	fmt.Println(ints.Pop(), ints.Len())
	//cell
	moves := &Stack[Move]{}
	moves.Push(Move{"a1", "a2"})
	moves.Push(Move{"b1", "b3"})
	fmt.Println(moves.Pop(), moves.Pop(), moves.Len())
	//cell
	words := Stack[string]{}
	words.Push("only")
	fmt.Println(words.Pop())
	fmt.Println(words.Pop())
}
