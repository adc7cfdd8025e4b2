// Range over an integer permits only one iteration variable.
package main

import "fmt"

func main() {
	fmt.Println("start")
	//cell
	for i, j := range 3 {
		fmt.Println(i, j)
	}
}
