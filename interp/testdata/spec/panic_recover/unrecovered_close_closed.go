// Closing a channel twice panics with "close of closed channel".
package main

import "fmt"

func main() {
	done := make(chan struct{})
	close(done)
	_, ok := <-done
	fmt.Println("closed, receive ok =", ok)
	//cell
	close(done)
}
