// strconv.ParseFloat (special values, exponent, range error) and FormatFloat with the
// 'f', 'e', 'g' formats, precisions and -1 for the shortest representation.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{"3.14", "1e3", "-0", "inf", "NaN", "0x1p-2", "1e400", "abc", "1_000.5"} {
		f, err := strconv.ParseFloat(s, 64)
		fmt.Println(s, f, err)
	}
	//cell
	f32, err := strconv.ParseFloat("3.4e39", 32)
	fmt.Println(f32, err)
	//cell
	x := 1234.5678
	fmt.Println(strconv.FormatFloat(x, 'f', 2, 64), strconv.FormatFloat(x, 'e', 3, 64), strconv.FormatFloat(x, 'g', -1, 64))
	fmt.Println(strconv.FormatFloat(0.1+0.2, 'f', -1, 64), strconv.FormatFloat(0.1+0.2, 'f', -1, 32))
	fmt.Println(strconv.FormatFloat(1e21, 'g', -1, 64), strconv.FormatFloat(100, 'E', -1, 64))
	_show(strconv.FormatFloat(2.5, 'f', 0, 64), strconv.FormatFloat(3.5, 'f', 0, 64))
}
