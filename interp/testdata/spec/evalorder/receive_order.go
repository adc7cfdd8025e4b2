// Channel receives in an expression happen in left-to-right order, like calls.
package main

import "fmt"

func main() {
	ch := make(chan int, 4)
	for i := 1; i <= 4; i++ {
		ch <- i
	}
	a := <-ch - <-ch
	fmt.Println(a)
	//cell
	pair := [2]int{<-ch, <-ch}
	fmt.Println(pair)
	//cell
	ch <- 5
	ch <- 6
	_show(<-ch, <-ch)
}
