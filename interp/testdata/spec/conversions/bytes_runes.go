// []byte(s) and []rune(s) copy a string's bytes or decoded runes; string(b) and
// string(rs) convert back; modifying the slice does not change the string.
package main

import "fmt"

func main() {
	s := "héllo"
	b := []byte(s)
	r := []rune(s)
	fmt.Println(len(s), len(b), len(r))
	fmt.Println(b)
	fmt.Println(r)
	//cell
	b[0] = 'H'
	r[1] = 'e'
	fmt.Println(s, string(b), string(r))
	//cell
	rev := []rune("日本語")
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	fmt.Println(string(rev))
	_show(string([]byte{}), string([]rune(nil)), []byte("hi"))
}
