// A runtime panic inside a generic function: First on an empty slice indexes out of
// range; the panic reports the index and length.
package main

import "fmt"

func First[T any](xs []T) T {
	return xs[0]
}

type Job struct{ ID int }

func main() {
	fmt.Println(First([]Job{{7}, {8}}))
	fmt.Println(First([]string{"a"}))
	//cell
	var none []Job
	fmt.Println("taking the first job")
	j := First(none)
	fmt.Println(j)
}
