// A write to a nil map (issue 11, item 8): "assignment to entry in nil map".
package main

import "fmt"

func main() {
	var m map[string]int
	fmt.Println(len(m), m["a"])
	//cell
	fmt.Println("writing")
	m["a"] = 1
	fmt.Println(m)
}
