// Reversing a string by runes versus by bytes, counting with utf8 and converting
// between string, []rune and []byte; string(rune) and strconv of runes.
package main

import (
	"fmt"
	"unicode/utf8"
)

func reverseRunes(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func reverseBytes(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func main() {
	s := "añb世"
	r := reverseRunes(s)
	fmt.Println(r, utf8.ValidString(r), len(r) == len(s))
	bad := reverseBytes(s)
	fmt.Println(utf8.ValidString(bad), utf8.RuneCountInString(bad), len(bad))
	//cell
	rs := []rune(s)
	fmt.Println(len(rs), rs, string(rs[3]), string(rs[1:3]))
	fmt.Printf("%U %x %q\n", rs[1], []byte(s), string(rune(0x1F600)))
	_show(utf8.RuneCount([]byte(s)), reverseRunes(""))
}
