// Full slice expressions a[low:high:max] set the capacity to max-low, so a later
// append copies instead of overwriting the original array.
package main

import "fmt"

func main() {
	a := [6]int{0, 1, 2, 3, 4, 5}
	s := a[1:3:4]
	fmt.Println(s, len(s), cap(s))
	s = append(s, 30)
	fmt.Println(a)
	s = append(s, 40)
	s[0] = -1
	fmt.Println(a, s)
	//cell
	b := []string{"a", "b", "c", "d"}
	head := b[:2:2]
	head = append(head, "Z")
	fmt.Println(b, head)
	_show(len(b[1:2:3]), cap(b[1:2:3]))
	//cell
	hi := 5
	fmt.Println(b[1:2:hi])
}
