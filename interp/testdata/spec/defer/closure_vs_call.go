// defer f(x) evaluates x at the defer statement; defer func() { f(x) }() reads x when
// the deferred closure runs, so it sees the variable's final value.
package main

import "fmt"

func main() {
	x := "first"
	y := "first"
	func() {
		defer fmt.Println("call:", x)
		defer func() { fmt.Println("closure:", y) }()
		x = "second"
		y = "second"
	}()
	//cell
	total := 0
	func() {
		defer func(t int) { fmt.Println("param copy:", t) }(total)
		defer func() { fmt.Println("captured:", total) }()
		for i := 1; i <= 4; i++ {
			total += i
		}
	}()
	fmt.Println("total:", total)
}
