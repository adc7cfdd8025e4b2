// iota skips: blank identifiers consume a value, and constants on the same line
// share an iota; a ConstSpec with an explicit value still advances iota.
package main

import "fmt"

const (
	_  = iota
	A1 // 1
	_
	A3 // 3
)

const (
	B0     = iota // 0
	B1     = 100  // 100, iota still counts
	B2     = iota // 2
	B3, C3 = iota, iota * 2
	B4, C4
)

func main() {
	fmt.Println(A1, A3)
	fmt.Println(B0, B1, B2)
	fmt.Println(B3, C3, B4, C4)
}
