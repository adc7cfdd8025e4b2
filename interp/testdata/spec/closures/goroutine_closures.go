// Closures started as goroutines in a loop each get their own loop variable; results
// are written to distinct slice elements and read after the WaitGroup is done.
package main

import (
	"fmt"
	"sync"
)

func main() {
	inputs := []int{1, 2, 3, 4, 5}
	squares := make([]int, len(inputs))
	var wg sync.WaitGroup
	for i, v := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			squares[i] = v * v
		}()
	}
	wg.Wait()
	fmt.Println(squares)
	//cell
	var mu sync.Mutex
	total := 0
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			total += i
			mu.Unlock()
		}()
	}
	wg.Wait()
	_show(total)
}
