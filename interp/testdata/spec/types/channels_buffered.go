// Buffered channels: len is the number of queued elements and cap the buffer size;
// receiving from a closed channel drains the buffer then yields zero values with ok false.
package main

import "fmt"

func main() {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	fmt.Println(len(ch), cap(ch))
	//cell
	close(ch)
	v, ok := <-ch
	fmt.Println(v, ok, len(ch))
	for x := range ch {
		fmt.Println("range got", x)
	}
	v, ok = <-ch
	fmt.Println(v, ok)
	//cell
	var nilCh chan int
	fmt.Println(len(nilCh), cap(nilCh))
	var sendOnly chan<- string = make(chan string, 1)
	sendOnly <- "hi"
	_show(len(sendOnly), cap(sendOnly))
}
