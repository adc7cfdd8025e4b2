// Interpreted string literals: escapes produce bytes; \xnn and \nnn give single
// bytes (possibly invalid UTF-8), \u and \U give the UTF-8 encoding of the rune.
package main

import "fmt"

func main() {
	s1 := "日本語"
	s2 := "\u65e5本\U00008a9e"
	s3 := "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
	fmt.Println(s1 == s2, s2 == s3, len(s1))
	//cell
	fmt.Printf("%q\n", "tab\there\nnewline \"quoted\" back\\slash")
	fmt.Println(len("\xff"), len("\u00ff"), len("\377"))
	fmt.Printf("% x\n", "\xff\u00ff")
	//cell
	s := "a\000b"
	fmt.Println(len(s), s[1])
	_show("\u00e9t\u00e9", "\x41\102C")
}
