// Sending on a closed channel panics.
package main

import "fmt"

func main() {
	ch := make(chan string, 1)
	ch <- "first"
	close(ch)
	fmt.Println(<-ch)
	//cell
	ch <- "second"
}
