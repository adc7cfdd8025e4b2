// Strings: + concatenates, += appends, comparison is bytewise lexicographic, and
// indexing gives a byte; strings are immutable values.
package main

import "fmt"

func main() {
	s := "go"
	t := s
	s += "pher"
	fmt.Println(s, t, len(s))
	fmt.Println("apple" < "banana", "Zebra" < "apple", "abc" < "abcd", "é" > "z")
	//cell
	words := []string{"b", "a", "c"}
	joined := ""
	for i, w := range words {
		if i > 0 {
			joined += ","
		}
		joined += w
	}
	fmt.Println(joined, joined[0], joined[1:3])
	//cell
	_show("x"+"y" == "xy", s[2:], "" < "a")
}
