// The iteration value is a copy of the element: assigning to its fields does not change
// the slice; indexing does.
package main

import "fmt"

type item struct {
	name string
	qty  int
}

func main() {
	items := []item{{"apple", 1}, {"pear", 2}}
	for _, it := range items {
		it.qty *= 10
	}
	fmt.Println(items)
	for i := range items {
		items[i].qty *= 10
	}
	fmt.Println(items)
	//cell
	ptrs := []*item{{"fig", 1}, {"kiwi", 2}}
	for _, p := range ptrs {
		p.qty++
	}
	fmt.Println(*ptrs[0], *ptrs[1])
}
