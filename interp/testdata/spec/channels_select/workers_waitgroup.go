// Worker goroutines read jobs from an unbuffered channel and send results; a
// WaitGroup closes the results channel when all workers are done. Results are
// collected by job index, so the output does not depend on scheduling.
package main

import (
	"fmt"
	"sync"
)

type result struct {
	job, value int
}

func main() {
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j, j * j}
			}
		}()
	}
	go func() {
		for i := 0; i < 8; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	out := make([]int, 8)
	for r := range results {
		out[r.job] = r.value
	}
	fmt.Println(out)
}
