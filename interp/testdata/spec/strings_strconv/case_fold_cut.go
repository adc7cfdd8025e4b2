// Case functions without Title: ToUpper, ToLower, ToTitle on non-ASCII text,
// EqualFold comparing case-insensitively, and Cut, CutPrefix, CutSuffix.
package main

import (
	"fmt"
	"strings"
)

func parseHeader(line string) (string, string, bool) {
	k, v, ok := strings.Cut(line, ":")
	return strings.TrimSpace(k), strings.TrimSpace(v), ok
}

func main() {
	fmt.Println(strings.ToUpper("straße ǆ"), strings.ToLower("ÀÉÎ İ"), strings.ToTitle("ǆ"))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.EqualFold("ß", "SS"), strings.EqualFold("σ", "ς"))
	//cell
	for _, l := range []string{"Content-Type: text/html", "Host:example.org:8080", "broken"} {
		k, v, ok := parseHeader(l)
		fmt.Printf("%q %q %v\n", k, v, ok)
	}
	//cell
	rest, ok := strings.CutPrefix("v1.2.3", "v")
	fmt.Println(rest, ok)
	rest, ok = strings.CutSuffix("main.go", ".rs")
	fmt.Println(rest, ok)
	before, after, found := strings.Cut("no separator", "|")
	_show(before, after, found)
}
