// In a deferred method call the receiver is evaluated at the defer statement: a value
// receiver is copied then, while a pointer receiver still sees later changes.
package main

import "fmt"

type Counter struct {
	name string
	n    int
}

func (c Counter) Report() { fmt.Println("value receiver:", c.name, c.n) }

func (c *Counter) ReportPtr() { fmt.Println("pointer receiver:", c.name, c.n) }

func run() {
	c := Counter{name: "c", n: 1}
	defer c.Report()
	defer c.ReportPtr()
	c.n = 2
	c.name = "changed"
	fmt.Println("body:", c.n)
}

func main() {
	run()
	//cell
	c := Counter{name: "mv", n: 7}
	f := c.Report
	c.n = 8
	func() {
		defer f()
		fmt.Println("method value bound earlier")
	}()
}
