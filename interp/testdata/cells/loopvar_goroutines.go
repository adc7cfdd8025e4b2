// Go 1.22 per-iteration loop variables seen by goroutines (issue 11, item 2): each
// goroutine started in a three-clause loop writes res[i] = i*10 for its own i, at a
// cell's top level and inside a function declared in cell 0. With one i shared by all
// iterations, res[3] is written and the goroutine's panic ends the process.
package main

import (
	"fmt"
	"sync"
)

func fill(n int) []int {
	res := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = i * 10
		}()
	}
	wg.Wait()
	return res
}

func main() {
	fmt.Println(fill(3))
	//cell
	res := make([]int, 3)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = i * 10
		}()
	}
	wg.Wait()
	fmt.Println(res)
	//cell
	sum := 0
	var mu sync.Mutex
	for _, v := range []int{1, 2, 3} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += v
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(sum)
}
