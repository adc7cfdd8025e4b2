// Named types declared in the program print like their underlying types with %v,
// while %T and %#v show the name: a Celsius float64, a named string, a named slice
// and a named map.
package main

import "fmt"

type Celsius float64

type Path string

type Row []int

type Index map[string]int

func main() {
	t := Celsius(36.6)
	fmt.Printf("%v|%.1f|%T|%#v\n", t, t, t, t)
	//cell
	p := Path("/tmp/x")
	fmt.Printf("%v|%q|%T|%#v\n", p, p, p, p)
	//cell
	r := Row{1, 2}
	ix := Index{"b": 2, "a": 1}
	fmt.Printf("%v|%T|%#v\n", r, r, r)
	fmt.Printf("%v|%T|%#v\n", ix, ix, ix)
	_show(t, p, r, ix)
}
