// goto jumps forward to a label in the same function, skipping statements; it is often
// used to reach shared cleanup or error code.
package main

import "fmt"

func parse(s string) (n int, err error) {
	if s == "" {
		goto empty
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			goto bad
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
bad:
	return 0, fmt.Errorf("bad digit in %q", s)
empty:
	return 0, fmt.Errorf("empty input")
}

func main() {
	fmt.Println(parse("123"))
	fmt.Println(parse("12x"))
	fmt.Println(parse(""))
}
