// Ranging over a string yields the byte offset and the rune of each UTF-8 sequence;
// an invalid byte yields U+FFFD and advances one byte.
package main

import "fmt"

func main() {
	for i, r := range "héllo, 世界" {
		fmt.Printf("%d:%c ", i, r)
	}
	fmt.Println()
	//cell
	bad := "a\xffb\xe4\xb8c"
	for i, r := range bad {
		fmt.Printf("%d:%U ", i, r)
	}
	fmt.Println()
	n := 0
	for range bad {
		n++
	}
	fmt.Println(len(bad), n)
}
