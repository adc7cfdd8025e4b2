// Reading a field through a nil pointer panics with a nil pointer dereference.
package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func sum(n *Node) int {
	total := 0
	for i := 0; i < 3; i++ {
		total += n.Val
		n = n.Next
	}
	return total
}

func main() {
	list := &Node{1, &Node{2, &Node{3, nil}}}
	fmt.Println(sum(list))
	//cell
	short := &Node{1, nil}
	fmt.Println(sum(short))
}
