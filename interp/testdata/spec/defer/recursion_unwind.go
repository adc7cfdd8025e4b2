// Every call of a recursive function has its own deferred calls, which run as each
// call returns, innermost first.
package main

import "fmt"

func countdown(n int, out *[]int) {
	if n == 0 {
		return
	}
	defer func() { *out = append(*out, n) }()
	countdown(n-1, out)
}

func walk(n int) {
	defer fmt.Println("leaving", n)
	if n > 0 {
		walk(n - 1)
	}
}

func main() {
	var out []int
	countdown(4, &out)
	fmt.Println(out)
	//cell
	walk(3)
}
