// A buffered channel is a FIFO queue: sends do not block until it is full, len and cap
// report its fill and size.
package main

import "fmt"

func main() {
	q := make(chan string, 3)
	q <- "a"
	q <- "b"
	fmt.Println(len(q), cap(q))
	fmt.Println(<-q)
	q <- "c"
	q <- "d"
	fmt.Println(len(q), cap(q))
	//cell
	for len(q) > 0 {
		fmt.Print(<-q, " ")
	}
	fmt.Println()
	_show(len(q), cap(q))
}
