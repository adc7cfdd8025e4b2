// When several select cases are ready one is chosen at random; counting how many
// values each case took gives totals that do not depend on the choices.
package main

import "fmt"

func main() {
	a := make(chan int, 10)
	b := make(chan int, 10)
	for i := range 10 {
		a <- i
		b <- i * 100
	}
	close(a)
	close(b)
	sumA, sumB, n := 0, 0, 0
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if !ok {
				a = nil
				break
			}
			sumA += v
			n++
		case v, ok := <-b:
			if !ok {
				b = nil
				break
			}
			sumB += v
			n++
		}
	}
	fmt.Println(sumA, sumB, n)
}
