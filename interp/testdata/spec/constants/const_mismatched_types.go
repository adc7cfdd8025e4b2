// Two typed constants of different types cannot be combined: int32 + int64 is a
// compile error (mismatched types), unlike untyped constants.
package main

import "fmt"

func main() {
	const n int32 = 7
	const m int64 = 3
	fmt.Println(n + m)
}
