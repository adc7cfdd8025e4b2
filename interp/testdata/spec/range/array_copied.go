// The range expression is evaluated once; ranging over an array by value iterates over
// a copy, so changes to the array during the loop are not seen.
package main

import "fmt"

func main() {
	arr := [4]int{1, 2, 3, 4}
	for i, v := range arr {
		if i == 0 {
			arr[1] = 20
			arr[3] = 40
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	fmt.Println(arr)
	//cell
	s := arr[:]
	for i, v := range s {
		if i == 0 {
			s[1] = 200
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
}
