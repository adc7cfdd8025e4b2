// The function value and parameters of a deferred call are evaluated when the defer
// statement executes; the call itself runs when the surrounding function returns.
package main

import "fmt"

func value(name string, v int) int {
	fmt.Println("evaluating", name)
	return v
}

func show(label string, a, b int) {
	fmt.Println(label, a, b)
}

func run() {
	a, b := 1, 2
	defer show("deferred:", value("a", a), b)
	a, b = 10, 20
	fmt.Println("body:", a, b)
}

func main() {
	run()
	//cell
	s := []int{1, 2, 3}
	func() {
		defer fmt.Println("len at defer:", len(s), s)
		s = append(s, 4)
		s[0] = 100
	}()
	fmt.Println("after:", s)
}
