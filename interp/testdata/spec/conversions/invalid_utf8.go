// Invalid UTF-8: []rune of a string with bad bytes maps each to U+FFFD, string
// conversion of bytes keeps them unchanged, and utf8.ValidString reports it.
package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	s := string([]byte{'a', 0xff, 0xfe, 'b'})
	fmt.Println(len(s), utf8.ValidString(s), utf8.RuneCountInString(s))
	fmt.Println([]rune(s))
	fmt.Printf("%q %x\n", s, s)
	//cell
	back := string([]rune(s))
	fmt.Println(len(back), back == s)
	fmt.Printf("%q\n", back)
	//cell
	trunc := "世界"[:4]
	_show(utf8.ValidString(trunc), []rune(trunc))
}
