// A failed assertion to a concrete type panics: "interface conversion: interface {}
// is main.Meters, not main.Feet", even when the two types share an underlying type.
package main

import "fmt"

type Meters float64

type Feet float64

func convert(v any) Feet {
	return v.(Feet) * 1
}

func main() {
	var d any = Feet(3)
	fmt.Println(convert(d))
	//cell
	d = Meters(10)
	fmt.Println(convert(d))
}
