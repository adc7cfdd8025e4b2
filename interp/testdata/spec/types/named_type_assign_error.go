// Two named types with the same underlying type are not assignable to each other
// without a conversion: assigning Celsius to Fahrenheit is a compile error.
package main

import "fmt"

type Celsius float64
type Fahrenheit float64

func main() {
	c := Celsius(100)
	fmt.Println(Fahrenheit(c))
	//cell
	var f Fahrenheit = c
	fmt.Println(f)
}
