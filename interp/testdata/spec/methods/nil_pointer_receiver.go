// A pointer method can be called with a nil receiver and may handle it (a nil list
// has length 0); calling a value method through a nil pointer panics with a nil
// pointer dereference.
package main

import "fmt"

type Node struct {
	val  int
	next *Node
}

func (n *Node) Len() int {
	if n == nil {
		return 0
	}
	return 1 + n.next.Len()
}

func (n *Node) Push(v int) *Node { return &Node{val: v, next: n} }

func (n Node) Value() int { return n.val }

func main() {
	var list *Node
	fmt.Println("nil list length:", list.Len())
	list = list.Push(1).Push(2).Push(3)
	fmt.Println("length:", list.Len(), "head:", list.Value())
	//cell
	var empty *Node
	fmt.Println("before")
	fmt.Println(empty.Value())
}
