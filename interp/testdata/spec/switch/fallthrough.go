// fallthrough transfers control to the first statement of the next case without
// evaluating its expression; it may not appear in the last case.
package main

import "fmt"

func describe(n int) []string {
	var out []string
	switch n {
	case 0:
		out = append(out, "zero")
		fallthrough
	case 1:
		out = append(out, "at most one")
		fallthrough
	case 2:
		out = append(out, "at most two")
	case 3:
		out = append(out, "three")
		fallthrough
	default:
		out = append(out, "default")
	}
	return out
}

func main() {
	for n := range 5 {
		fmt.Println(n, describe(n))
	}
}
