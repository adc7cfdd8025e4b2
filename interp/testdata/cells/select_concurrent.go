// One select statement run by many goroutines at once: each worker forwards its own
// channel's values until it is told to stop. yaegi v0.16.1 kept one list of cases per
// select statement, shared by every goroutine running it, so workers waited on each
// other's channels and sums came out wrong or the cell hung (test/chan/powser1.go).
// Sends with conversion, receives with comma-ok into new and existing variables,
// default, break and a labelled continue, in a function and at a cell's top level.
package main

import (
	"fmt"
	"sync"
)

type reading struct {
	sensor int
	value  float64
}

func (r reading) String() string { return fmt.Sprintf("s%d=%.1f", r.sensor, r.value) }

func forward(in <-chan reading, quit <-chan struct{}, out chan<- reading) {
	for {
		select {
		case r, ok := <-in:
			if !ok {
				return
			}
			out <- reading{r.sensor, r.value * 2}
		case <-quit:
			return
		}
	}
}

func sumAll(workers, per int) []float64 {
	sums := make([]float64, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		in, out := make(chan reading), make(chan reading)
		quit := make(chan struct{})
		go forward(in, quit, out)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < per; k++ {
				in <- reading{w, float64(k)}
				sums[w] += (<-out).value
			}
			close(quit)
		}()
	}
	wg.Wait()
	return sums
}

func main() {
	fmt.Println(sumAll(40, 200))
	//cell
	ticks := make(chan int8, 3)
	var got []int8
	var last int8
	var open bool
loop:
	for i := 0; ; i++ {
		select {
		case ticks <- 100:
			continue loop
		case last, open = <-ticks:
			got = append(got, last)
			if len(got) == 5 {
				break loop
			}
		default:
			fmt.Println("unreachable")
		}
	}
	fmt.Println(got, last, open)
	//cell
	rs := make(chan fmt.Stringer, 1)
	select {
	case rs <- reading{1, 2.5}:
	}
	select {
	case s := <-rs:
		fmt.Println(s)
	default:
	}
}
