// A closure can call itself when its variable is declared before the function literal
// is assigned to it.
package main

import "fmt"

func main() {
	var fact func(n int) int
	fact = func(n int) int {
		if n <= 1 {
			return 1
		}
		return n * fact(n-1)
	}
	fmt.Println(fact(5), fact(10))
	//cell
	type tree struct {
		val         int
		left, right *tree
	}
	t := &tree{2, &tree{1, nil, nil}, &tree{4, &tree{3, nil, nil}, nil}}
	var walk func(t *tree) []int
	walk = func(t *tree) []int {
		if t == nil {
			return nil
		}
		return append(append(walk(t.left), t.val), walk(t.right)...)
	}
	fmt.Println(walk(t))
}
