// A failed single-result type assertion panics with an interface conversion message
// naming the dynamic and the asserted types.
package main

import "fmt"

type Shape interface{ Area() float64 }

type Square struct{ Side float64 }

func (s Square) Area() float64 { return s.Side * s.Side }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

func main() {
	var s Shape = Square{2}
	sq, ok := s.(Square)
	fmt.Println(sq, ok)
	c, ok := s.(Circle)
	fmt.Println(c, ok)
	//cell
	c = s.(Circle)
	fmt.Println(c)
}
