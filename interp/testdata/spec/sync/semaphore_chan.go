// A buffered channel as a counting semaphore limits how many goroutines work at once;
// the maximum concurrency seen never exceeds the limit, and results are collected in
// order by index.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	const limit = 3
	sem := make(chan struct{}, limit)
	var active, maxActive atomic.Int32
	results := make([]int, 12)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			n := active.Add(1)
			for {
				m := maxActive.Load()
				if n <= m || maxActive.CompareAndSwap(m, n) {
					break
				}
			}
			results[i] = i * i
			active.Add(-1)
		}(i)
	}
	wg.Wait()
	fmt.Println(results)
	fmt.Println(maxActive.Load() <= limit, len(sem))
}
