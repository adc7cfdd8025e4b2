// Closing a done channel broadcasts to every goroutine waiting on it; an unbuffered
// channel send/receive pair synchronises two goroutines.
package main

import (
	"fmt"
	"sync"
)

func main() {
	done := make(chan struct{})
	ready := make(chan int)
	var wg sync.WaitGroup
	finished := make([]bool, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ready <- i
			<-done
			finished[i] = true
		}()
	}
	seen := 0
	for range 3 {
		<-ready
		seen++
	}
	fmt.Println("all started:", seen, finished)
	close(done)
	wg.Wait()
	fmt.Println("all finished:", finished)
	//cell
	result := make(chan string)
	go func() { result <- "computed" }()
	fmt.Println(<-result)
}
