// Receiving from a closed channel yields the buffered values first, then the zero
// value with ok == false, immediately and forever.
package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	ch <- 10
	ch <- 20
	close(ch)
	v, ok := <-ch
	fmt.Println(v, ok)
	v, ok = <-ch
	fmt.Println(v, ok)
	v, ok = <-ch
	fmt.Println(v, ok)
	//cell
	fmt.Println(<-ch, <-ch)
	names := make(chan string)
	close(names)
	s, open := <-names
	fmt.Printf("%q %v\n", s, open)
}
