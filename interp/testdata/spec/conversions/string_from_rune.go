// string(r) of an integer rune yields its UTF-8 encoding; invalid code points
// (negative, surrogate halves, above U+10FFFF) yield "\uFFFD".
package main

import "fmt"

func main() {
	fmt.Println(string(rune(65)), string(rune(0x263A)), string('世'))
	fmt.Printf("%q %q %q\n", string(rune(-1)), string(rune(0xD800)), string(rune(0x110000)))
	//cell
	var b byte = 'G'
	fmt.Println(string(rune(b)), string(b))
	runes := []rune{0x48, 0x69, 0x1F600}
	s := ""
	for _, r := range runes {
		s += string(r)
	}
	fmt.Println(s, len(s))
	//cell
	_show(string(rune(0xe9)), len(string(rune(0xe9))))
}
