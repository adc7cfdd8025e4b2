// Range over an iter.Seq2 yields pairs; a return inside the loop body returns from
// the enclosing function after the iterator has stopped.
package main

import (
	"fmt"
	"iter"
	"strings"
)

func words(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, w := range strings.Fields(s) {
			if !yield(i, w) {
				return
			}
		}
	}
}

func find(s, target string) int {
	for i, w := range words(s) {
		if w == target {
			return i
		}
	}
	return -1
}

func main() {
	for i, w := range words("the quick brown fox") {
		fmt.Println(i, w)
	}
	//cell
	fmt.Println(find("a b c d", "c"), find("a b", "z"))
}
