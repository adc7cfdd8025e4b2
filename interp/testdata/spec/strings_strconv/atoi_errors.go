// strconv.Atoi and Itoa, and the *strconv.NumError from bad input: its Func, Num and
// Err fields, errors.Is with strconv.ErrSyntax and ErrRange.
package main

import (
	"errors"
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("-123")
	fmt.Println(n+1, err, strconv.Itoa(n*2)+"!")
	for _, s := range []string{"12x", "", "99999999999999999999", " 7"} {
		_, err := strconv.Atoi(s)
		fmt.Println(err)
		var ne *strconv.NumError
		if errors.As(err, &ne) {
			fmt.Printf("  func=%s num=%q syntax=%v range=%v\n", ne.Func, ne.Num, errors.Is(err, strconv.ErrSyntax), errors.Is(ne.Err, strconv.ErrRange))
		}
	}
	//cell
	_show(strconv.Atoi("+42"))
}
