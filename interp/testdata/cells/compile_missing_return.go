// A compile error (issue 11, item 5): a function that declares a result and has an
// empty body, in cell 0.
package main

import "fmt"

func answer() int {}

func main() {
	fmt.Println(answer())
}
