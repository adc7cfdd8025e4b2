// A labelled continue starts the next iteration of the labelled outer loop.
package main

import "fmt"

func main() {
	var primes []int
next:
	for n := 2; n < 30; n++ {
		for d := 2; d*d <= n; d++ {
			if n%d == 0 {
				continue next
			}
		}
		primes = append(primes, n)
	}
	fmt.Println(primes)
	//cell
	words := []string{"apple", "bob", "kiwi", "level"}
outer:
	for _, w := range words {
		for i := 0; i < len(w)/2; i++ {
			if w[i] != w[len(w)-1-i] {
				continue outer
			}
		}
		fmt.Println("palindrome:", w)
	}
}
