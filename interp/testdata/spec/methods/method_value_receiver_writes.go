// A method value copies its receiver when it is taken, whatever changes the variable
// afterwards: an assignment to a field, a pointer method, a pointer to it, a slice of
// it as an array, a closure, or a fresh declaration on each pass of a loop. A receiver
// nothing changes gives the same answer either way.
package main

import "fmt"

type counter struct{ n int }

func (c counter) get() int { return c.n }
func (c *counter) bump()   { c.n++ }

type pair [2]int

func (p pair) first() int { return p[0] }

func unchanged() int {
	c := counter{4}
	f := c.get
	return f()
}

func byField() int {
	c := counter{1}
	f := c.get
	c.n = 10
	return f()
}

func byPointerMethod() int {
	c := counter{1}
	f := c.get
	c.bump()
	return f()
}

func byPointer() int {
	c := counter{1}
	f := c.get
	p := &c
	p.n = 7
	return f()
}

func bySlice() int {
	p := pair{1, 2}
	f := p.first
	s := p[:]
	s[0] = 9
	return f()
}

func byClosure() int {
	c := counter{1}
	f := c.get
	set := func() { c = counter{5} }
	set()
	return f()
}

func inLoop() []int {
	var fs []func() int
	for i := 0; i < 3; i++ {
		c := counter{i}
		fs = append(fs, c.get)
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

func param(c counter) func() int { return c.get }

func main() {
	fmt.Println(unchanged(), byField(), byPointerMethod(), byPointer(), bySlice(), byClosure())
	fmt.Println(inLoop())
	fs := []func() int{param(counter{1}), param(counter{2})}
	fmt.Println(fs[0](), fs[1]())
}
