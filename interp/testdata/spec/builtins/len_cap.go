// len and cap of strings (bytes), arrays, array pointers, slices, maps and
// channels; len of a constant string or of an array is a constant.
package main

import "fmt"

func main() {
	s := "naïve"
	arr := [5]int{}
	p := &arr
	sl := make([]int, 2, 8)
	m := map[int]int{1: 1}
	ch := make(chan int, 4)
	ch <- 1
	fmt.Println(len(s), len(arr), cap(arr), len(p), cap(p), len(sl), cap(sl), len(m), len(ch), cap(ch))
	//cell
	const n = len("hello")
	var buf [n * 2]byte
	fmt.Println(n, len(buf))
	var nilP *[3]int
	fmt.Println(len(nilP))
	//cell
	_show(len(sl[1:]), cap(sl[1:]), cap(sl[:0]), len([]rune(s)))
}
