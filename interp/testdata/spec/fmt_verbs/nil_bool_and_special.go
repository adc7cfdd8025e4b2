// %t for booleans, and how nil values print: nil slices, maps, pointers, errors,
// funcs and interfaces give <nil> or [] or map[]; %d of a slice applies to elements.
package main

import "fmt"

type Node struct {
	Val  int
	Next *Node
}

func main() {
	fmt.Printf("%t %v %5t|\n", true, false, true)
	var s []int
	var m map[string]bool
	var p *Node
	var err error
	var f func()
	var a any
	fmt.Println(s, m, p, err, f == nil, a)
	fmt.Printf("%v %v %v %v %v\n", s, m, p, err, a)
	//cell
	fmt.Printf("%d %x %5.1f %q\n", []int{1, 2}, []int{255, 16}, []float64{1, 2.25}, []string{"a"})
	fmt.Printf("%+v %v\n", Node{1, nil}, [2]bool{true})
	//cell
	fmt.Printf("%#v %#v %#v %#v\n", s, m, []int{}, a)
	fmt.Printf("%#v %#v %#v\n", 42, "str", 1.0)
	_show(s, m, err)
}
