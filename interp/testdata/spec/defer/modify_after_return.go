// A return statement sets the named results before deferred calls run, so a deferred
// closure can see and replace the returned value; with "return expr" the expression is
// assigned to the result first.
package main

import "fmt"

func counter() (n int) {
	defer func() {
		fmt.Println("deferred sees", n)
		n++
	}()
	n = 10
	return n * 2
}

func bare() (s string) {
	defer func() { s += " world" }()
	s = "hello"
	return
}

type stack struct{ items []int }

func (s *stack) pop() (v int) {
	defer func() { s.items = s.items[:len(s.items)-1] }()
	return s.items[len(s.items)-1]
}

func main() {
	fmt.Println(counter())
	fmt.Println(bare())
	//cell
	s := &stack{items: []int{1, 2, 3}}
	fmt.Println(s.pop(), s.pop(), s.items)
	_show(s.items)
}
