// A closure inside a function can capture the function's named results and assign
// them, also from a deferred call.
package main

import "fmt"

func stats(xs []int) (min, max, sum int) {
	update := func(x int) {
		if x < min {
			min = x
		}
		if x > max {
			max = x
		}
		sum += x
	}
	if len(xs) > 0 {
		min, max = xs[0], xs[0]
	}
	for _, x := range xs {
		update(x)
	}
	return
}

func labelled() (s string) {
	add := func(part string) { s += part }
	defer add("!")
	add("hello")
	return s + " world"
}

func main() {
	fmt.Println(stats([]int{3, 1, 4, 1, 5, 9, 2, 6}))
	fmt.Println(labelled())
}
