// strings.Repeat with a negative count panics with "strings: negative Repeat count",
// a plain panic from the library, not a runtime error.
package main

import (
	"fmt"
	"strings"
)

func bar(width int) string {
	return "[" + strings.Repeat("#", width) + "]"
}

func main() {
	fmt.Println(bar(3))
	//cell
	w := 2 - 5
	fmt.Println("width", w)
	fmt.Println(bar(w))
}
