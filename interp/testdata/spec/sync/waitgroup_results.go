// Fan-out with a WaitGroup and a results channel closed after Wait; the collected
// values are sorted, so the order goroutines finish in does not show. WaitGroup.Go
// starts a goroutine and counts it.
package main

import (
	"fmt"
	"sort"
	"sync"
)

type Result struct {
	ID    int
	Value string
}

func work(id int) Result {
	return Result{id, fmt.Sprintf("job-%02d", id*7%10)}
}

func main() {
	out := make(chan Result)
	var wg sync.WaitGroup
	for i := 1; i <= 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- work(i)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var all []Result
	for r := range out {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	fmt.Println(all)
	//cell
	var wg2 sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := range 10 {
		wg2.Go(func() {
			mu.Lock()
			total += i
			mu.Unlock()
		})
	}
	wg2.Wait()
	_show(total)
}
