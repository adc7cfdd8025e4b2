// A plain break in a select ends only the select; a labelled break leaves the
// surrounding for loop.
package main

import "fmt"

func main() {
	ch := make(chan int, 5)
	for i := 1; i <= 5; i++ {
		ch <- i
	}
	close(ch)
	sum := 0
loop:
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				break loop
			}
			if v == 2 {
				break
			}
			sum += v
		}
	}
	fmt.Println("sum without 2:", sum)
}
