// Indexing an array with a non-constant index out of range panics at run time.
package main

import "fmt"

func main() {
	arr := [4]int{10, 20, 30, 40}
	for i := range arr {
		arr[i] *= 2
	}
	fmt.Println(arr)
	//cell
	i := 4
	fmt.Println("indexing", i)
	fmt.Println(arr[i])
}
