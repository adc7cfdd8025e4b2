// Boolean and string constants: comparisons of constants are untyped bool
// constants, concatenation of string constants is a constant, len of a constant
// string is a constant usable as an array length, and indexing one gives a byte.
package main

import "fmt"

const greeting = "hello, " + "world"
const isLong = len(greeting) > 10

var buf [len(greeting)]byte

func main() {
	fmt.Println(greeting, isLong, len(buf))
	type MyBool bool
	var mb MyBool = 3 > 2
	fmt.Printf("%T %v\n", mb, mb)
	//cell
	const s = "abc"
	ch := s[1]
	fmt.Printf("%T %v %c\n", ch, ch, ch)
	_show(s+"def", len(s+"def"))
}
