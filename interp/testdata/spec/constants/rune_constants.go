// Rune constants are untyped integer constants: arithmetic with them stays untyped
// until used, and they convert to string as the UTF-8 encoding of the code point.
package main

import "fmt"

const (
	first = 'A'
	last  = first + 25
	gap   = 'a' - 'A'
)

func main() {
	fmt.Println(first, last, gap)
	fmt.Println(string(rune(last)), string(rune(first+gap)))
	var b byte = 'z'
	fmt.Println(b, b-gap)
	//cell
	letters := ""
	for c := first; c <= first+4; c++ {
		letters += string(c)
	}
	fmt.Println(letters)
	fmt.Printf("%T\n", first+0.0)
	_show(string(rune(0x4e16)), '9'-'0')
}
