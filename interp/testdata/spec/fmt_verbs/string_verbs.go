// String verbs: %s %q %x %X % x, %-5s and %5s padding, %.2s precision, %#q raw
// quoting and %q of non-printable characters; []byte prints like a string.
package main

import "fmt"

func main() {
	s := "héllo"
	fmt.Printf("%s|%q|%x|%X|% x\n", s, s, s, s, s)
	fmt.Printf("[%-8s][%8s][%.2s][%-5.3s]\n", "go", "go", s, s)
	//cell
	fmt.Printf("%q %+q %#q %#q\n", "tab\there", "é", "back`tick", "plain")
	fmt.Printf("%q %v\n", []string{"a b", "c"}, []string{"a b", "c"})
	//cell
	b := []byte("bytes")
	fmt.Printf("%s %q %x %v\n", b, b, b, b)
	fmt.Printf("%c%c %s\n", 'o', 'k', []rune("runes"))
	_show(fmt.Sprintf("%6.2q|%-4q|", "abc", 'x'))
}
