// A labeled type switch: break with its label leaves the switch from inside a loop in
// a case, continue with an outer loop's label goes on with that loop, a goto names the
// switch's label, and a switch with an init statement keeps its label too.
package main

import "fmt"

type shape interface{ area() float64 }
type square struct{ s float64 }
type circle struct{ r float64 }

func (q square) area() float64 { return q.s * q.s }
func (c circle) area() float64 { return 3 * c.r * c.r }

func first(xs []any) string {
	out := ""
Outer:
	for _, x := range xs {
	Kind:
		switch v := x.(type) {
		case shape:
			for i := 0; i < 3; i++ {
				if i == 1 {
					break Kind
				}
				out += fmt.Sprintf("shape %v; ", v.area())
			}
		case int, int64:
			if fmt.Sprint(v) == "2" {
				continue Outer
			}
			out += fmt.Sprintf("integer %v; ", v)
		case nil:
			out += "nil; "
			break Outer
		default:
			out += fmt.Sprintf("other %T; ", v)
		}
		out += "| "
	}
	return out
}

func retry(xs []any) int {
	n := 0
	i := 0
Again:
	switch x := xs[i].(type) {
	case string:
		n += len(x)
		i++
		if i < len(xs) {
			goto Again
		}
	case int:
		n += x
	}
	return n
}

func withInit(x any) string {
	out := ""
	for j := 0; j < 2; j++ {
	Sw:
		switch y := x; v := y.(type) {
		case square:
			if j == 0 {
				out += "square first; "
				break Sw
			}
			out += fmt.Sprint("square ", v.s, "; ")
		}
	}
	return out
}

func main() {
	fmt.Println(first([]any{square{2}, 1, int64(2), 2, circle{1}, "s", nil, 5}))
	fmt.Println(retry([]any{"ab", "cde", 4}))
	fmt.Println(withInit(square{3}))
	fmt.Println(withInit(circle{3}))
}
