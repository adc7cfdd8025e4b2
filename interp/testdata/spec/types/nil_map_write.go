// Reading a nil map gives zero values, but assigning to an entry of a nil map panics.
package main

import "fmt"

func main() {
	var m map[string]int
	fmt.Println(m == nil, len(m), m["a"])
	for k := range m {
		fmt.Println(k)
	}
	delete(m, "a")
	//cell
	fmt.Println("writing")
	m["a"] = 1
}
