// Select and channel constructs yaegi gets wrong: receiving into fields, channels in
// fields and arrays, labeled break and continue out of a select, returning a receive,
// constants sent to typed channels, one-direction channel types, package variables.
package main

import (
	"fmt"
	"runtime"
)

type Recv <-chan int

type box struct {
	a      int
	values chan int
}

func get(c chan int) int { return <-c }

func main() {
	var x box
	x.values = make(chan int, 1)
	x.values <- 42
	var ok bool
	select {
	case x.a, ok = <-x.values:
	}
	chans := [2]chan int{make(chan int, 1), make(chan int, 1)}
	p := &chans
	chans[1] <- 7
	var got int
	select {
	case got = (<-p[1]):
	case v := <-p[0]:
		got = -v
	}
	c32 := make(chan int32, 1)
	select {
	case c32 <- 123:
	default:
	}
	n := 0
loop:
	for i := 0; ; i++ {
		c := make(chan int, 1)
		c <- i
		select {
		case v := <-c:
			if v < 3 {
				continue loop
			}
			n = v
			break loop
		}
	}
	r := make(chan int, 1)
	r <- 5
	var ro Recv = r
	one := make(Recv, 1)
	old := runtime.MemProfileRate
	runtime.MemProfileRate = 0
	runtime.MemProfileRate++
	fmt.Println(x.a, ok, got, <-c32, n, get(r2(ro)), cap(one), runtime.MemProfileRate)
	runtime.MemProfileRate = old
}

func r2(r Recv) chan int {
	c := make(chan int, 1)
	c <- <-r
	return c
}
