// The range expression is evaluated once before the loop: appending to the slice
// or reassigning it inside the loop does not change the iteration count.
package main

import "fmt"

func items() []int {
	fmt.Println("items called")
	return []int{1, 2, 3}
}

func main() {
	for _, v := range items() {
		fmt.Print(v, " ")
	}
	fmt.Println()
	//cell
	s := []int{1, 2, 3}
	for i, v := range s {
		if i == 0 {
			s = append(s, 4)
			s[1] = 20
		}
		fmt.Print(v, " ")
	}
	fmt.Println(len(s))
	//cell
	arr := [3]int{1, 2, 3}
	for i, v := range arr {
		arr[2] = 30
		_ = i
		fmt.Print(v, " ")
	}
	fmt.Println(arr)
}
