// Pointers: &x of a variable or composite literal, new(T), pointer indirection and
// automatic dereference for field access; dereferencing nil panics.
package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func inc(p *int) { *p++ }

func main() {
	x := 1
	p := &x
	inc(p)
	inc(&x)
	fmt.Println(x, *p, p == &x)
	//cell
	list := &Node{1, &Node{2, &Node{3, nil}}}
	sum := 0
	for n := list; n != nil; n = n.Next {
		sum += n.Val
	}
	fmt.Println(sum)
	q := new(int)
	fmt.Println(*q)
	pp := &p
	**pp = 42
	fmt.Println(x)
	//cell
	var end *Node = list.Next.Next.Next
	fmt.Println("end is nil:", end == nil)
	fmt.Println(end.Val)
}
