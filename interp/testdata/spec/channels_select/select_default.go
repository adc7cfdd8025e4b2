// A select with a default case never blocks: default runs when no other case is
// ready, which gives non-blocking sends and receives.
package main

import "fmt"

func trySend(ch chan int, v int) bool {
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

func tryRecv(ch chan int) (int, bool) {
	select {
	case v := <-ch:
		return v, true
	default:
		return 0, false
	}
}

func main() {
	ch := make(chan int, 2)
	fmt.Println(trySend(ch, 1), trySend(ch, 2), trySend(ch, 3))
	//cell
	fmt.Println(tryRecv(ch))
	fmt.Println(tryRecv(ch))
	fmt.Println(tryRecv(ch))
	//cell
	select {
	case v := <-ch:
		fmt.Println("received", v)
	default:
		fmt.Println("nothing ready")
	}
}
