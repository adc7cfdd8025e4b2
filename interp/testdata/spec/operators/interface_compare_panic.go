// Comparing two interface values whose dynamic type is not comparable (a slice)
// panics at run time.
package main

import "fmt"

func main() {
	var a, b any = 1, "one"
	fmt.Println(a == b)
	//cell
	var x any = []int{1}
	var y any = []int{1}
	fmt.Println("comparing")
	fmt.Println(x == y)
}
