// In a three-clause loop, the new iteration's variable is initialised from the previous
// one's value before the post statement runs, so a closure keeps the value its own
// iteration left, including changes made in the body.
package main

import "fmt"

func main() {
	var get []func() int
	var set []func(int)
	for i := 0; i < 6; i++ {
		get = append(get, func() int { return i })
		set = append(set, func(v int) { i = v })
		i++
	}
	for _, g := range get {
		fmt.Print(g(), " ")
	}
	fmt.Println()
	set[0](42)
	fmt.Println(get[0](), get[1]())
}
