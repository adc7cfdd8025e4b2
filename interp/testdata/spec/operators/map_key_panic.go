// Using an interface key whose dynamic type is not hashable (a map) panics.
package main

import "fmt"

func main() {
	counts := map[any]int{}
	counts["a"]++
	counts[1]++
	counts[[2]int{1, 2}]++
	fmt.Println(len(counts))
	//cell
	key := map[string]int{}
	counts[key]++
}
