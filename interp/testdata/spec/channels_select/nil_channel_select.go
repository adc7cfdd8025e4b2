// Communication on a nil channel blocks forever, so setting a closed input to nil
// disables its select case: the usual way to merge channels until all are closed.
package main

import (
	"fmt"
	"slices"
)

func gen(vals ...int) <-chan int {
	ch := make(chan int)
	go func() {
		for _, v := range vals {
			ch <- v
		}
		close(ch)
	}()
	return ch
}

func main() {
	a, b := gen(1, 3, 5), gen(2, 4)
	var got []int
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				continue
			}
			got = append(got, v)
		case v, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			got = append(got, v)
		}
	}
	slices.Sort(got)
	fmt.Println(got)
	//cell
	var never chan int
	select {
	case <-never:
		fmt.Println("impossible")
	default:
		fmt.Println("nil channel is never ready")
	}
}
