// Copying a strings.Builder that has been written to and writing to the copy panics
// with "strings: illegal use of non-zero Builder copied by value".
package main

import (
	"fmt"
	"strings"
)

type Report struct {
	b strings.Builder
}

func main() {
	var r Report
	r.b.WriteString("header\n")
	fmt.Print(r.b.String())
	//cell
	dup := r
	fmt.Println("copied", dup.b.Len())
	dup.b.WriteString("more")
	fmt.Println(dup.b.String())
}
