// strconv.ParseInt and ParseUint with bases 2, 8, 16 and 0 (prefix and underscores),
// bit sizes, and the range error that returns the clamped limit.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, c := range []struct {
		s    string
		base int
		bits int
	}{
		{"1010", 2, 64}, {"-777", 8, 64}, {"ff", 16, 64}, {"0x_1F", 0, 64},
		{"0b101", 0, 8}, {"0o17", 0, 16}, {"1_000", 0, 32}, {"1_000", 10, 32},
		{"127", 10, 8}, {"128", 10, 8}, {"-129", 10, 8}, {"z", 36, 64},
	} {
		v, err := strconv.ParseInt(c.s, c.base, c.bits)
		fmt.Println(c.s, c.base, c.bits, "->", v, err)
	}
	//cell
	u, err := strconv.ParseUint("300", 10, 8)
	fmt.Println(u, err)
	u, err = strconv.ParseUint("-1", 10, 64)
	fmt.Println(u, err)
	//cell
	_show(strconv.FormatInt(-255, 16), strconv.FormatUint(255, 2), strconv.FormatInt(35, 36))
}
