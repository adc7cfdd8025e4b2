// regexp: MustCompile, MatchString, FindAllString with a limit, FindStringSubmatch
// with named groups, ReplaceAllString with $1, ReplaceAllStringFunc, Split, and the
// error from a bad pattern.
package main

import (
	"fmt"
	"regexp"
	"strings"
)

func main() {
	re := regexp.MustCompile(`(\w+)@(\w+)\.com`)
	text := "mail ann@foo.com, bob@bar.com and cy@baz.org"
	fmt.Println(re.MatchString(text), re.FindString(text))
	fmt.Println(re.FindAllString(text, -1), re.FindAllString(text, 1))
	fmt.Printf("%q\n", re.FindAllStringSubmatch(text, -1))
	fmt.Println(re.FindStringIndex(text))
	//cell
	date := regexp.MustCompile(`(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})`)
	m := date.FindStringSubmatch("due 2024-07-15!")
	for i, name := range date.SubexpNames() {
		if name != "" {
			fmt.Println(name, m[i])
		}
	}
	fmt.Println(date.ReplaceAllString("2024-07-15 and 1999-12-31", "${day}/${month}/$year"))
	//cell
	words := regexp.MustCompile(`\b[a-z]`)
	fmt.Println(words.ReplaceAllStringFunc("hello big world", strings.ToUpper))
	fmt.Printf("%q\n", regexp.MustCompile(`\s*[,;]\s*`).Split("a , b;c ;d", -1))
	_, err := regexp.Compile(`a(b`)
	fmt.Println(err)
	_show(regexp.QuoteMeta("1+1=2?"))
}
