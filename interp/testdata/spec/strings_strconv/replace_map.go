// strings.Replace with a count, ReplaceAll, a strings.Replacer with several pairs,
// and strings.Map transforming or dropping runes.
package main

import (
	"fmt"
	"strings"
)

func rot13(r rune) rune {
	switch {
	case r >= 'a' && r <= 'z':
		return 'a' + (r-'a'+13)%26
	case r >= 'A' && r <= 'Z':
		return 'A' + (r-'A'+13)%26
	}
	return r
}

func main() {
	s := "oink oink oink"
	fmt.Println(strings.Replace(s, "k", "ky", 2))
	fmt.Println(strings.Replace(s, "oink", "moo", -1))
	fmt.Println(strings.ReplaceAll(s, "", "-"))
	//cell
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;", "&", "&amp;")
	fmt.Println(r.Replace("a < b && c > d"))
	//cell
	fmt.Println(strings.Map(rot13, "Hello, Gopher!"))
	noVowels := strings.Map(func(r rune) rune {
		if strings.ContainsRune("aeiou", r) {
			return -1
		}
		return r
	}, "interpreter")
	_show(noVowels)
}
