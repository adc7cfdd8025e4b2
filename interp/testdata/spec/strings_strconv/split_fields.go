// strings.Fields splits on runs of white space, Split keeps empty pieces, SplitN
// limits the count, SplitAfter keeps the separator, and FieldsFunc uses a predicate.
package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	s := "  alpha beta\tgamma\n\ndelta  "
	fmt.Printf("%q\n", strings.Fields(s))
	fmt.Printf("%q\n", strings.Split("a,b,,c,", ","))
	fmt.Printf("%q\n", strings.Split("abc", ""))
	fmt.Printf("%q\n", strings.Split("", ","))
	//cell
	fmt.Printf("%q\n", strings.SplitN("k=v=w", "=", 2))
	fmt.Printf("%q\n", strings.SplitN("a,b,c", ",", 0))
	fmt.Printf("%q\n", strings.SplitN("a,b,c", ",", -1))
	fmt.Printf("%q\n", strings.SplitAfter("1.2.3", "."))
	//cell
	f := strings.FieldsFunc("one1two22three;four", func(r rune) bool {
		return unicode.IsDigit(r) || r == ';'
	})
	_show(f, len(f))
}
