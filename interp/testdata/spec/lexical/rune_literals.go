// Rune literals: single characters, escape sequences (\n, \t, \\, \'), octal \nnn,
// hex \xnn, and Unicode \u and \U forms, all of type rune (int32) by default.
package main

import "fmt"

func main() {
	fmt.Println('a', 'ä', '本', '\t', '\000', '\007', '\377', '\x07', '\xff', '\u12e4', '\U00101234')
	fmt.Println('\'', '\\', '\a', '\b', '\f', '\n', '\r', '\v')
	//cell
	r := 'x'
	fmt.Printf("%T %v %c %q %U\n", r, r, r, r, r)
	fmt.Println('\u00e9' == 'é', '\x41' == 'A', '\101' == 'A')
	//cell
	_show('a'+1, string(rune('a'+1)))
}
