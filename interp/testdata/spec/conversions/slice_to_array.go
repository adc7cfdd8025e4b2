// Converting a slice to an array copies the elements; to an array pointer shares
// them; a slice shorter than the array length panics.
package main

import "fmt"

func main() {
	s := []int{1, 2, 3, 4}
	a := [4]int(s)
	p := (*[2]int)(s)
	s[0] = 100
	fmt.Println(a, *p, p[1])
	//cell
	p[1] = 200
	fmt.Println(s)
	//cell
	short := s[:3]
	fmt.Println(len(short))
	b := [4]int(short)
	fmt.Println(b)
}
