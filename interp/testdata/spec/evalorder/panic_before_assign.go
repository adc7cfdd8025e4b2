// In a tuple assignment whose right side panics, no assignment happens: the
// operands are all evaluated first, and the panic comes during evaluation.
package main

import "fmt"

func get(s []int, i int) int {
	return s[i]
}

func assign(s []int, i int) (a, b int) {
	defer func() {
		fmt.Println("recovered:", recover() != nil, "a, b =", a, b)
	}()
	a, b = 5, get(s, i)
	return a, b
}

func main() {
	s := []int{1, 2}
	fmt.Println(assign(s, 1))
	//cell
	fmt.Println(assign(s, 5))
	//cell
	a, b := 0, 0
	a, b = 7, s[len(s)]
	fmt.Println(a, b)
}
