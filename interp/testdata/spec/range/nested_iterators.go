// Range-over-func loops nested in each other with a labelled continue and break that
// leave the inner and outer loops.
package main

import (
	"fmt"
	"iter"
)

func upTo(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func main() {
outer:
	for i := range upTo(4) {
		for j := range upTo(4) {
			if j > i {
				continue outer
			}
			if i == 3 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
}
