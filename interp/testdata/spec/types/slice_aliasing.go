// Slices share their underlying array: writes through one slice are visible through
// another until append reallocates; append within capacity overwrites the shared array.
package main

import "fmt"

func main() {
	base := []int{0, 1, 2, 3, 4, 5}
	s := base[1:3]
	fmt.Println(s, len(s), cap(s))
	s[0] = 100
	fmt.Println(base)
	//cell
	s = append(s, 200)
	fmt.Println(base, s)
	//cell
	t := make([]int, 2, 2)
	u := append(t, 1)
	u[0] = 9
	fmt.Println(t, u, cap(t))
	//cell
	v := base[4:]
	v = append(v, 6, 7)
	v[0] = -1
	_show(base, v)
}
