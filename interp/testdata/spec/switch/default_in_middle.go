// default may appear anywhere in a switch; it still runs only when no case matches,
// and fallthrough works from and into it in textual order.
package main

import "fmt"

func pick(n int) {
	switch n {
	case 1:
		fmt.Println("one")
	default:
		fmt.Println("default")
		fallthrough
	case 2:
		fmt.Println("two (or after default)")
	case 3:
		fmt.Println("three")
	}
}

func main() {
	for _, n := range []int{1, 2, 3, 4} {
		fmt.Println("n =", n)
		pick(n)
	}
}
