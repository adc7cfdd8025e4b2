// A producer goroutine sends values and closes the channel; range in the consumer
// ends when the channel is closed. A pipeline chains such stages.
package main

import "fmt"

func numbers(n int) <-chan int {
	out := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			out <- i
		}
		close(out)
	}()
	return out
}

func square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for v := range in {
			out <- v * v
		}
		close(out)
	}()
	return out
}

func main() {
	for v := range square(numbers(5)) {
		fmt.Print(v, " ")
	}
	fmt.Println()
	//cell
	total := 0
	for v := range square(square(numbers(3))) {
		total += v
	}
	_show(total)
}
