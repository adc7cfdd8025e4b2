// An index out of range through a variable index (issue 11, item 8): Go says
// "index out of range [10] with length 3", at the indexing line.
package main

import "fmt"

func main() {
	xs := []int{1, 2, 3}
	i := 10
	//cell
	fmt.Println(len(xs))
	fmt.Println(xs[i])
}
