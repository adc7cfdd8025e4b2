// Trim, TrimSpace, TrimLeft vs TrimPrefix, TrimFunc; Index, LastIndex, IndexByte,
// IndexRune, IndexAny, IndexFunc, Contains, Count, HasPrefix, Repeat.
package main

import (
	"fmt"
	"strings"
	"unicode"
)

func main() {
	fmt.Printf("%q\n", strings.TrimSpace("\t hi there \n"))
	fmt.Printf("%q %q\n", strings.Trim("xxhixyx", "xy"), strings.TrimLeft("aabac", "ab"))
	fmt.Printf("%q %q\n", strings.TrimPrefix("aabac", "ab"), strings.TrimPrefix("aabac", "aa"))
	fmt.Printf("%q\n", strings.TrimFunc("123abc456", unicode.IsDigit))
	fmt.Printf("%q\n", strings.TrimRightFunc("go!!?", unicode.IsPunct))
	//cell
	s := "chicken kitchen"
	fmt.Println(strings.Index(s, "ken"), strings.LastIndex(s, "ken"), strings.Index(s, "dog"))
	fmt.Println(strings.IndexByte(s, 'k'), strings.IndexRune("naïve", 'v'), strings.IndexAny(s, "xyzt"))
	fmt.Println(strings.IndexFunc("abc1", unicode.IsDigit), strings.Count(s, "en"), strings.Count("five", ""))
	fmt.Println(strings.Contains(s, "kit"), strings.ContainsAny(s, "qz"), strings.HasPrefix(s, "chick"), strings.HasSuffix(s, "chen"))
	//cell
	fmt.Println(strings.Repeat("ab", 3) + "|" + strings.Repeat("-", 0) + "|")
	_show(strings.Repeat("=", 10))
}
