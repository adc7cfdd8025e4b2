// Assigning a value whose type lacks one of the interface's methods is a compile
// error naming the missing method.
package main

import "fmt"

type Stack interface {
	Push(int)
	Pop() int
}

type Slice struct{ items []int }

func (s *Slice) Push(v int) { s.items = append(s.items, v) }

func main() {
	s := &Slice{}
	s.Push(1)
	fmt.Println(s.items)
	//cell
	var st Stack = s
	fmt.Println(st)
}
