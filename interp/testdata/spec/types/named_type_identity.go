// Named types are distinct from their underlying types: converting between two named
// types needs a conversion, but a value is assignable between a named type and an
// unnamed type with the same underlying type.
package main

import "fmt"

type Celsius float64
type Fahrenheit float64
type IntSlice []int

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

func main() {
	var c Celsius = 100
	f := Fahrenheit(c*9/5 + 32)
	fmt.Println(c, f)
	is := IntSlice{1, 2, 3}
	fmt.Println(sum(is))
	var plain []int = is
	fmt.Println(plain)
	//cell
	var back IntSlice = plain
	back[0] = 100
	_show(is, len(back))
}
