// Iterator functions of strings (Go 1.24): Lines keeps line endings, SplitSeq and
// FieldsSeq yield pieces lazily, and a range loop can stop early.
package main

import (
	"fmt"
	"strings"
)

func main() {
	text := "first line\nsecond\n\nlast without newline"
	for line := range strings.Lines(text) {
		fmt.Printf("%q\n", line)
	}
	//cell
	n := 0
	for part := range strings.SplitSeq("a/b/c/d/e", "/") {
		if part == "d" {
			break
		}
		n++
		fmt.Print(part, " ")
	}
	fmt.Println(n)
	//cell
	var words []string
	for w := range strings.FieldsSeq("  to be  or\tnot ") {
		words = append(words, strings.ToUpper(w))
	}
	_show(words, len(words))
}
