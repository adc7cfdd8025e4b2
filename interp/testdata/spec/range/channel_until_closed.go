// Ranging over a channel receives values until the channel is closed and drained.
package main

import "fmt"

func produce(n int) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 1; i <= n; i++ {
			ch <- i * i
		}
	}()
	return ch
}

func main() {
	sum := 0
	for v := range produce(5) {
		fmt.Print(v, " ")
		sum += v
	}
	fmt.Println("sum", sum)
	//cell
	buf := make(chan string, 3)
	buf <- "x"
	buf <- "y"
	close(buf)
	for s := range buf {
		fmt.Println("got", s)
	}
}
