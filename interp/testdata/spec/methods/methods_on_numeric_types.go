// Methods on named numeric types: a Celsius float64 with a conversion method and a
// Weekday int with String and a method returning the type; constants of the type have
// the methods too, and arithmetic keeps the named type.
package main

import "fmt"

type Celsius float64

func (c Celsius) Fahrenheit() float64 { return float64(c)*9/5 + 32 }

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

func (d Weekday) Next() Weekday { return (d + 1) % 7 }

func (d Weekday) String() string {
	switch d {
	case Sunday:
		return "Sun"
	case Monday:
		return "Mon"
	case Tuesday:
		return "Tue"
	}
	return fmt.Sprintf("day%d", int(d))
}

func main() {
	c := Celsius(100)
	fmt.Println(c.Fahrenheit(), Celsius(-40).Fahrenheit())
	warmer := c + 5
	fmt.Printf("%v %T\n", warmer, warmer)
	//cell
	fmt.Println(Sunday.Next(), Monday.Next(), Tuesday.Next())
	fmt.Println(Weekday(6).Next(), Weekday(5).Next().Next())
	//cell
	d := Monday
	d++
	fmt.Printf("%v %d %s\n", d, d, d)
	_show(d, Tuesday.Next())
}
