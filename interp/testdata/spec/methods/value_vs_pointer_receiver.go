// A method with a value receiver works on a copy of the receiver; a method with a
// pointer receiver changes the variable it was called on.
package main

import "fmt"

type Counter struct {
	name string
	n    int
}

func (c Counter) IncCopy() int {
	c.n++
	return c.n
}

func (c *Counter) Inc() {
	c.n++
}

func (c Counter) Show() string { return fmt.Sprintf("%s=%d", c.name, c.n) }

func main() {
	c := Counter{name: "hits"}
	fmt.Println("copy says", c.IncCopy())
	fmt.Println("after IncCopy:", c.Show())
	//cell
	c.Inc()
	c.Inc()
	fmt.Println("after two Inc:", c.Show())
	//cell
	p := &c
	p.Inc()
	fmt.Println("via pointer:", p.Show(), c.n)
	fmt.Println("value method through pointer copy:", p.IncCopy(), c.n)
	_show(c.n, p.Show())
}
