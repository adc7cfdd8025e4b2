// append writes into the shared array when there is spare capacity: two slices
// appended from the same base can overwrite each other's last element.
package main

import "fmt"

func main() {
	base := make([]int, 3, 10)
	a := append(base, 1)
	b := append(base, 2)
	fmt.Println(a[3], b[3], len(base))
	//cell
	full := []int{1, 2, 3}
	c := append(full, 4)
	d := append(full, 5)
	fmt.Println(c[3], d[3])
	c[0] = 100
	fmt.Println(full[0], d[0])
	//cell
	small := make([]int, 0, 1)
	first := append(small, 1)
	second := append(first, 2)
	second[0] = 100
	_show(first, second, cap(first))
}
