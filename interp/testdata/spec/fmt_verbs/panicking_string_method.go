// fmt recovers a panic in a String or Error method and prints
// %!v(PANIC=String method: msg); a nil pointer receiver whose method panics prints
// <nil> instead.
package main

import "fmt"

type Fragile struct{ ok bool }

func (f Fragile) String() string {
	if !f.ok {
		panic("broken")
	}
	return "fine"
}

type Ptr struct{ name string }

func (p *Ptr) String() string { return "ptr " + p.name }

func main() {
	fmt.Println(Fragile{true})
	fmt.Println(Fragile{false})
	//cell
	fmt.Printf("[%s] [%d]\n", Fragile{false}, Fragile{false})
	//cell
	var p *Ptr
	fmt.Println(p)
	fmt.Printf("%v %s\n", p, &Ptr{"x"})
	_show(fmt.Sprint(Fragile{false}))
}
