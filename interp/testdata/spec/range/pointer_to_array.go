// Ranging over a pointer to an array iterates over the array itself: changes are seen.
// With only the index, the length is constant and a nil pointer is not dereferenced.
package main

import "fmt"

func main() {
	arr := [3]string{"a", "b", "c"}
	p := &arr
	for i, v := range p {
		if i == 0 {
			p[2] = "C"
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	//cell
	var nilp *[5]int
	n := 0
	for i := range nilp {
		n += i
	}
	fmt.Println(n, len(nilp))
	//cell
	for i := range p {
		p[i] += "!"
	}
	_show(arr)
}
