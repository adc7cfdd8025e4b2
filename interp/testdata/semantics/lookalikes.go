// Assertions yaegi lets succeed for the wrong types: a value whose pointer has the
// interface's methods, and a named type with the target's underlying type.
package main

import "fmt"

type T int

func (t T) V()  {}
func (t *T) P() {}

type P interface {
	P()
	V()
}

type V interface{ V() }

type Celsius float64
type Kelvin float64

func (c Celsius) String() string { return "C" }
func (k Kelvin) String() string  { return "K" }

func main() {
	var t T = 42
	var i interface{} = t
	_, ok1 := i.(P)
	var j interface{} = &t
	_, ok2 := j.(P)
	var c interface{} = Celsius(1)
	_, ok3 := c.(Kelvin)
	k, ok4 := c.(Celsius)
	var v V = t
	_, ok5 := v.(P)
	v = &t
	p, ok6 := v.(P)
	p.P()
	fmt.Println(ok1, ok2, ok3, ok4, k, ok5, ok6)
	defer func() { fmt.Println("panicked:", recover() != nil) }()
	_ = c.(Kelvin)
}
