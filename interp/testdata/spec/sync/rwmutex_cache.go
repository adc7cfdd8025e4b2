// sync.RWMutex guarding a cache type: many readers with RLock, writers with Lock,
// and a read-through Get that upgrades by taking the write lock.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Cache struct {
	mu     sync.RWMutex
	data   map[int]int
	misses int
}

func (c *Cache) Get(k int) int {
	c.mu.RLock()
	v, ok := c.data[k]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.data[k]; ok {
		return v
	}
	c.misses++
	c.data[k] = k * k
	return k * k
}

func main() {
	c := &Cache{data: map[int]int{}}
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 10; k++ {
				sums[g] += c.Get(k)
			}
		}(g)
	}
	wg.Wait()
	fmt.Println(sums, c.misses)
	//cell
	keys := make([]int, 0, len(c.data))
	for k := range c.data {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	fmt.Println(keys)
}
