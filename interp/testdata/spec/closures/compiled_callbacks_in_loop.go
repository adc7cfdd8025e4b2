// Function literals that compiled code keeps and calls later (WaitGroup.Go,
// context.AfterFunc) see the loop variables of their own iteration, in range and
// three-clause loops, in a function and at the top level.
package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

func collect(names []string) []string {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out []string
	for i, name := range names {
		wg.Go(func() {
			mu.Lock()
			out = append(out, fmt.Sprint(i, name))
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(out)
	return out
}

func main() {
	fmt.Println(collect([]string{"a", "b", "c"}))
	//cell
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan int, 4)
	for i := 0; i < 4; i++ {
		context.AfterFunc(ctx, func() { got <- i * i })
	}
	cancel()
	var squares []int
	for range 4 {
		squares = append(squares, <-got)
	}
	slices.Sort(squares)
	fmt.Println(squares)
}
