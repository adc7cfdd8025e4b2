// sync/atomic typed values: atomic.Int64 Add/Load/Store/Swap/CompareAndSwap from many
// goroutines, atomic.Bool, and atomic.Uint32.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Stats struct {
	requests atomic.Int64
	errors   atomic.Uint32
	closed   atomic.Bool
}

func main() {
	var s Stats
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s.requests.Add(2)
			if i%5 == 0 {
				s.errors.Add(1)
			}
		}(i)
	}
	wg.Wait()
	fmt.Println(s.requests.Load(), s.errors.Load(), s.closed.Load())
	//cell
	old := s.requests.Swap(7)
	fmt.Println(old, s.requests.Load())
	fmt.Println(s.requests.CompareAndSwap(5, 1), s.requests.Load())
	fmt.Println(s.requests.CompareAndSwap(7, 1), s.requests.Load())
	s.closed.Store(true)
	_show(s.closed.Load(), s.errors.Load())
}
