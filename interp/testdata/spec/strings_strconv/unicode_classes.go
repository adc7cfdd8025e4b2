// unicode predicates (IsLetter, IsDigit, IsSpace, IsUpper, IsPunct, In with range
// tables) and case mapping, over the runes of a mixed string.
package main

import (
	"fmt"
	"unicode"
)

func classify(r rune) string {
	switch {
	case unicode.IsUpper(r):
		return "upper"
	case unicode.IsLower(r):
		return "lower"
	case unicode.IsDigit(r):
		return "digit"
	case unicode.IsSpace(r):
		return "space"
	case unicode.IsPunct(r):
		return "punct"
	case unicode.IsSymbol(r):
		return "symbol"
	}
	return "other"
}

func main() {
	for _, r := range "Aé 9!€ж\u00a0٣" {
		fmt.Printf("%q %s letter=%v number=%v\n", r, classify(r), unicode.IsLetter(r), unicode.IsNumber(r))
	}
	//cell
	fmt.Println(unicode.In('ж', unicode.Cyrillic), unicode.In('a', unicode.Han, unicode.Greek), unicode.Is(unicode.Han, '世'))
	fmt.Println(string(unicode.ToUpper('ß')), string(unicode.ToLower('Ω')), string(unicode.ToTitle('ǆ')), string(unicode.SimpleFold('k')))
	_show(unicode.MaxRune, unicode.ReplacementChar)
}
