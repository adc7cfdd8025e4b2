// append: to a nil slice, several values, another slice with ..., a string's bytes
// to a []byte, and the self-append append(s, s...).
package main

import "fmt"

func main() {
	var s []int
	fmt.Println(s == nil, len(s))
	s = append(s, 1)
	s = append(s, 2, 3)
	s = append(s, []int{4, 5}...)
	fmt.Println(s, len(s))
	//cell
	s = append(s, s...)
	fmt.Println(s)
	b := append([]byte("hello"), " world"...)
	fmt.Println(string(b))
	//cell
	var none []string
	none = append(none)
	fmt.Println(none == nil)
	_show(append([]int(nil), 7), len(append(s[:0], 9)))
}
