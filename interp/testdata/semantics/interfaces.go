// Values of the program's types with methods stored in interface{}, asserted to the
// program's interfaces; comma-ok into existing variables; composite literals.
package main

import "fmt"

type Shape interface{ Area() float64 }
type Sq struct{ s float64 }

func (q Sq) Area() float64 { return q.s * q.s }

type Circle struct{ r float64 }

func (c Circle) Area() float64 { return 3 * c.r * c.r }

type holder struct{ it Shape }

func shapes() []interface{} { return []interface{}{Sq{1}, Circle{1}, "no"} }

func main() {
	total := 0.0
	for _, v := range shapes() {
		if s, ok := v.(Shape); ok {
			total += s.Area()
		}
	}
	var h holder
	h.it = Sq{3}
	m := map[string]Sq{"a": {2}}
	var s Shape
	var ok bool
	s, ok = m["a"]
	a, b := []int{1}, []int{2}
	defer func() { fmt.Println(total, h.it.Area(), s.Area(), ok, a, b, recover() != nil) }()
	var x interface{} = Circle{2}
	_ = x.(interface{ Perimeter() float64 })
}
