// cap is not defined for maps: calling it is a compile error.
package main

import "fmt"

func main() {
	m := map[string]int{"a": 1}
	fmt.Println(len(m))
	//cell
	fmt.Println(cap(m))
}
