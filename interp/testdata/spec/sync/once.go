// sync.Once runs its function exactly once even when Do is called from many
// goroutines; a second Once value runs its own function.
package main

import (
	"fmt"
	"sync"
)

type Config struct {
	once  sync.Once
	value map[string]string
	loads int
}

func (c *Config) Get(key string) string {
	c.once.Do(func() {
		c.loads++
		c.value = map[string]string{"mode": "fast", "level": "3"}
	})
	return c.value[key]
}

func main() {
	var cfg Config
	var wg sync.WaitGroup
	results := make([]string, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = cfg.Get("mode")
		}()
	}
	wg.Wait()
	fmt.Println(results, cfg.loads)
	//cell
	var once sync.Once
	for i := 0; i < 3; i++ {
		once.Do(func() { fmt.Println("first call only, i =", i) })
	}
	fmt.Println(cfg.Get("level"), cfg.loads)
}
