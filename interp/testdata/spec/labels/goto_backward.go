// goto can jump backward, forming a loop.
package main

import "fmt"

func collatz(n int) int {
	steps := 0
again:
	if n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
		goto again
	}
	return steps
}

func main() {
	fmt.Println(collatz(6), collatz(27))
	//cell
	i := 0
top:
	fmt.Print(i, " ")
	i++
	if i < 5 {
		goto top
	}
	fmt.Println()
}
