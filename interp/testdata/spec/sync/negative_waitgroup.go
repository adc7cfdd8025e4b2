// A sync.WaitGroup counter going negative panics with "sync: negative WaitGroup
// counter": a deferred recover catches it, and an unrecovered one ends the program.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		wg.Add(1)
		wg.Done()
		wg.Done()
	}()
	//cell
	var wg2 sync.WaitGroup
	fmt.Println("adding -1")
	wg2.Add(-1)
}
