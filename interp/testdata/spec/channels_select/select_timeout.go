// A select with a time.After case gives up waiting when nothing arrives in time; a
// value that is already there wins over the timer.
package main

import (
	"fmt"
	"time"
)

func wait(ch <-chan string) string {
	select {
	case s := <-ch:
		return "got " + s
	case <-time.After(50 * time.Millisecond):
		return "timed out"
	}
}

func main() {
	quiet := make(chan string)
	fmt.Println(wait(quiet))
	//cell
	ready := make(chan string, 1)
	ready <- "hello"
	fmt.Println(wait(ready))
}
