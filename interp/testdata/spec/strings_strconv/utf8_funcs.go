// unicode/utf8: RuneCountInString vs len, DecodeRuneInString walking a string,
// DecodeLastRune, RuneLen, EncodeRune, ValidString, and invalid bytes giving RuneError.
package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	s := "héllo, 世界"
	fmt.Println(len(s), utf8.RuneCountInString(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		fmt.Printf("%d:%c/%d ", i, r, size)
		i += size
	}
	fmt.Println()
	//cell
	r, size := utf8.DecodeLastRuneInString(s)
	fmt.Printf("%c %d\n", r, size)
	fmt.Println(utf8.RuneLen('a'), utf8.RuneLen('é'), utf8.RuneLen('世'), utf8.RuneLen('😀'), utf8.RuneLen(-1))
	buf := make([]byte, 4)
	n := utf8.EncodeRune(buf, '€')
	fmt.Println(buf[:n], n)
	//cell
	bad := "a\xffb\xe4\xb8"
	fmt.Println(utf8.ValidString(s), utf8.ValidString(bad), utf8.RuneCountInString(bad))
	for i, r := range bad {
		fmt.Print(i, ":", r == utf8.RuneError, " ")
	}
	fmt.Println()
	_show(utf8.AppendRune([]byte("x"), 'ж'), utf8.FullRune([]byte{0xe4, 0xb8}))
}
