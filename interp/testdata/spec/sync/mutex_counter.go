// sync.Mutex protecting a counter in a program struct incremented from many
// goroutines, joined with a sync.WaitGroup; only the total is printed.
package main

import (
	"fmt"
	"sync"
)

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *Counter) Inc(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[key]++
}

func (c *Counter) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

func main() {
	c := Counter{n: map[string]int{}}
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				if id%2 == 0 {
					c.Inc("even")
				} else {
					c.Inc("odd")
				}
			}
		}(i)
	}
	wg.Wait()
	fmt.Println(c.Get("even"), c.Get("odd"))
	//cell
	_show(c.Get("even") + c.Get("odd"))
}
