// An alias declaration (type A = T) denotes the same type: values are
// interchangeable with no conversion, and %T prints the original type.
package main

import "fmt"

type Meters = float64

type Pair struct{ A, B int }
type P = Pair

func half(x float64) float64 { return x / 2 }

func main() {
	var d Meters = 10
	fmt.Println(half(d))
	fmt.Printf("%T\n", d)
	//cell
	p := P{1, 2}
	var q Pair = p
	fmt.Printf("%T %v %v\n", p, q, p == q)
	_show(p.A + q.B)
}
