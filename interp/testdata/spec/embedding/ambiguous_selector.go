// Two embedded fields at the same depth with the same field name make the
// unqualified selector ambiguous: a compile error, though each is reachable through
// its embedded field.
package main

import "fmt"

type Width struct{ Size int }

type Height struct{ Size int }

type Box struct {
	Width
	Height
}

func main() {
	b := Box{Width{3}, Height{4}}
	fmt.Println(b.Width.Size, b.Height.Size)
	//cell
	fmt.Println("total")
	fmt.Println(b.Size)
}
