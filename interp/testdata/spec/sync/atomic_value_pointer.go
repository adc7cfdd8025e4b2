// atomic.Value holding a program config struct swapped whole, atomic.Pointer[T] with
// Load/Store/CompareAndSwap, and the old functions AddInt32/LoadInt32.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Config struct {
	Name    string
	Version int
}

func main() {
	var v atomic.Value
	fmt.Println(v.Load() == nil)
	v.Store(Config{"a", 1})
	cfg := v.Load().(Config)
	fmt.Println(cfg.Name, cfg.Version)
	v.Store(Config{"b", 2})
	fmt.Println(v.Load().(Config).Version)
	//cell
	var p atomic.Pointer[Config]
	fmt.Println(p.Load() == nil)
	c1 := &Config{"one", 1}
	p.Store(c1)
	c2 := &Config{"two", 2}
	fmt.Println(p.CompareAndSwap(c2, c1), p.Load().Name)
	fmt.Println(p.CompareAndSwap(c1, c2), p.Load().Name)
	//cell
	var n int32
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt32(&n, 3)
		}()
	}
	wg.Wait()
	_show(atomic.LoadInt32(&n))
}
