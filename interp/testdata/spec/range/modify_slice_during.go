// The range expression is evaluated once: appending to a slice during range does not
// extend the loop, but writing to later elements is seen since they share the array.
package main

import "fmt"

func main() {
	s := []int{1, 2, 3}
	for i, v := range s {
		s = append(s, v*10)
		fmt.Print(i, ":", v, " ")
	}
	fmt.Println()
	fmt.Println(s)
	//cell
	t := []int{1, 2, 3, 4}
	for i, v := range t {
		if i+1 < len(t) {
			t[i+1] += v
		}
	}
	fmt.Println(t)
}
