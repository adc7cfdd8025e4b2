// Range over a function of type iter.Seq: the loop body becomes the yield function;
// break makes yield return false and the iterator stops.
package main

import (
	"fmt"
	"iter"
)

func countTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 1; i <= n; i++ {
			if !yield(i) {
				fmt.Println("iterator stopped at", i)
				return
			}
		}
		fmt.Println("iterator finished")
	}
}

func main() {
	for v := range countTo(3) {
		fmt.Println("value", v)
	}
	//cell
	for v := range countTo(10) {
		if v%2 == 1 {
			continue
		}
		if v > 4 {
			break
		}
		fmt.Println("even", v)
	}
}
