// A compile error (issue 11, item 5): a function of the cells with two results
// assigned to one variable.
package main

import "fmt"

func pair() (int, error) { return 1, nil }

func main() {
	fmt.Println("start")
	//cell
	var v int
	v = pair()
	fmt.Println(v)
}
