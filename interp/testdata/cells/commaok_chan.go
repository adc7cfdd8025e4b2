// Comma-ok receive at a cell's top level (issue 11, item 1): `v, ok := <-ch` in a cell
// of its own, from a buffered channel holding a value and from a closed one.
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	ch <- 7
	//cell
	v, open := <-ch
	//cell
	fmt.Println(v, open)
	close(ch)
	//cell
	w, stillOpen := <-ch
	//cell
	fmt.Println(w, stillOpen)
	_show(v, open, w, stillOpen)
}
