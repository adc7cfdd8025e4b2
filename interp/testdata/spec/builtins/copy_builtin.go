// copy copies min(len(dst), len(src)) elements, handles overlapping slices like
// memmove, and copies bytes from a string into a []byte.
package main

import "fmt"

func main() {
	dst := make([]int, 3)
	n := copy(dst, []int{1, 2, 3, 4, 5})
	fmt.Println(n, dst)
	n = copy(dst, []int{9})
	fmt.Println(n, dst)
	//cell
	s := []int{0, 1, 2, 3, 4, 5}
	copy(s[2:], s)
	fmt.Println(s)
	s = []int{0, 1, 2, 3, 4, 5}
	copy(s, s[2:])
	fmt.Println(s)
	//cell
	buf := make([]byte, 4)
	n = copy(buf, "héllo")
	fmt.Println(n, buf, string(buf[:n]))
	_show(copy(buf, ""), copy([]int(nil), []int{1}))
}
