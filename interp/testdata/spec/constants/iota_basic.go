// iota starts at 0 in each const block and increments per ConstSpec; an omitted
// expression repeats the previous one, with the new iota.
package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
	Wednesday
	Thursday
	Friday
	Saturday
)

const (
	a = iota * 10
	b
	c
)

const x, y = iota, iota + 100

func main() {
	fmt.Println(Sunday, Wednesday, Saturday)
	fmt.Printf("%T\n", Friday)
	fmt.Println(a, b, c, x, y)
	//cell
	const (
		p = iota
		q
	)
	const r = iota
	_show(p, q, r)
}
