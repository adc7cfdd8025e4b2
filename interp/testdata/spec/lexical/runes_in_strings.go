// Ranging over a string yields runes decoded from UTF-8 with byte offsets; indexing
// yields bytes. Invalid bytes decode as U+FFFD, advancing one byte.
package main

import "fmt"

func main() {
	s := "héllo, 世界"
	for i, r := range s {
		fmt.Printf("%d:%c ", i, r)
	}
	fmt.Println()
	fmt.Println(len(s), s[1], s[2])
	//cell
	bad := "a\xffb\xe4\xb8"
	for i, r := range bad {
		fmt.Printf("%d:%U ", i, r)
	}
	fmt.Println()
	//cell
	count := 0
	for range "世界!" {
		count++
	}
	_show(count, len("世界!"))
}
