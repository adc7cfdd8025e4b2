// A generic function constrained by cmp.Ordered works for every ordered type,
// including a named float type declared in the program; the type argument is
// inferred from the arguments.
package main

import (
	"cmp"
	"fmt"
)

type Celsius float64

func Max[T cmp.Ordered](first T, rest ...T) T {
	m := first
	for _, v := range rest {
		if v > m {
			m = v
		}
	}
	return m
}

func main() {
	fmt.Println(Max(3, 9, 2))
	fmt.Println(Max("pear", "apple", "zucchini"))
	//cell
	fmt.Println(Max(1.5, -2.0))
	temps := []Celsius{21.5, 30.1, 18}
	hottest := Max(temps[0], temps[1:]...)
	fmt.Println(hottest)
	_show(Max[int8](-3, -7), Max(Celsius(-1)))
}
