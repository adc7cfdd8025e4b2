// Assigning to an entry of a nil map panics; unrecovered, the program ends with
// "assignment to entry in nil map".
package main

import "fmt"

func main() {
	var counts map[string]int
	fmt.Println("reading a nil map is fine:", counts["x"], len(counts))
	//cell
	counts["x"]++
	fmt.Println("not reached")
}
