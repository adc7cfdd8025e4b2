// A generic function can be instantiated explicitly, giving an ordinary function
// value that can be stored and passed; partial type argument lists are inferred
// from the rest.
package main

import (
	"fmt"
	"strconv"
)

func Convert[To, From any](xs []From, f func(From) To) []To {
	out := make([]To, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func Twice[T int | float64](x T) T { return x * 2 }

func apply(f func(int) int, v int) int { return f(v) }

func main() {
	double := Twice[float64]
	fmt.Println(double(1.25))
	fmt.Printf("%T\n", double)
	//cell
	fmt.Println(apply(Twice[int], 21))
	fmt.Println(apply(Twice, 4))
	//cell
	strs := Convert[string]([]int{7, 8}, strconv.Itoa)
	fmt.Printf("%q\n", strs)
	_show(Convert([]string{"1", "x"}, func(s string) error { _, err := strconv.Atoi(s); return err }))
}
