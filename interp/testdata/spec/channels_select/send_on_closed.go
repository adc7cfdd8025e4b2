// Sending on a closed channel panics with "send on closed channel".
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	ch <- 1
	close(ch)
	fmt.Println(<-ch)
	//cell
	ch <- 2
}
