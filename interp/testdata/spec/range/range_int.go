// Since Go 1.22, range over an integer n iterates 0..n-1; the iteration variable has
// n's type, and nothing happens when n <= 0.
package main

import "fmt"

type Weekday int

func main() {
	for i := range 5 {
		fmt.Print(i, " ")
	}
	fmt.Println()
	//cell
	var days Weekday = 3
	for d := range days {
		fmt.Printf("%T %d\n", d, d)
	}
	var n8 int8 = 2
	for i := range n8 {
		fmt.Printf("%T %d\n", i, i)
	}
	//cell
	neg := -3
	count := 0
	for range neg {
		count++
	}
	fmt.Println("negative:", count)
}
