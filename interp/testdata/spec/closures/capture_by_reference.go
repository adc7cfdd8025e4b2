// Function literals are closures: they refer to the variables of the surrounding
// function, so changes on either side are seen by the other.
package main

import "fmt"

func main() {
	x := 1
	inc := func() { x++ }
	get := func() int { return x }
	inc()
	inc()
	fmt.Println(x, get())
	x = 10
	fmt.Println(get())
	//cell
	inc()
	fmt.Println(x)
	_show(get())
}
