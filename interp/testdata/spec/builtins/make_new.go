// make builds slices (len and optional cap), maps (optional size hint) and channels;
// new(T) returns a pointer to a fresh zero value.
package main

import "fmt"

type Counter struct {
	Name string
	Hits map[string]int
}

func main() {
	s := make([]string, 3)
	t := make([]int, 0, 5)
	m := make(map[string][]int, 100)
	ch := make(chan bool)
	fmt.Printf("%q %v %d %d %d %d\n", s, t, cap(t), len(m), cap(ch), len(ch))
	//cell
	c := new(Counter)
	fmt.Printf("%+v %v\n", *c, c.Hits == nil)
	c.Hits = make(map[string]int)
	c.Hits["x"]++
	fmt.Println(c.Hits)
	//cell
	ip := new(int)
	*ip = 5
	pp := new(*int)
	*pp = ip
	_show(**pp, *new(string) == "")
}
