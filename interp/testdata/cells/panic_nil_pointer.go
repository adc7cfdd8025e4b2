// A nil pointer dereference (issue 11, item 8): "invalid memory address or nil pointer
// dereference", at the line reading through the nil pointer.
package main

import "fmt"

type node struct {
	val  int
	next *node
}

func main() {
	n := &node{val: 1}
	//cell
	fmt.Println(n.val)
	fmt.Println(n.next.val)
}
