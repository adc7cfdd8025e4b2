// Method expressions: T.M is a function taking the receiver as its first argument;
// (*T).M exists for value and pointer methods alike.
package main

import "fmt"

type Rect struct{ W, H int }

func (r Rect) Area() int { return r.W * r.H }

func (r *Rect) Scale(k int) {
	r.W *= k
	r.H *= k
}

func apply(rs []Rect, f func(Rect) int) []int {
	var out []int
	for _, r := range rs {
		out = append(out, f(r))
	}
	return out
}

func main() {
	area := Rect.Area
	fmt.Println(area(Rect{3, 4}))
	fmt.Printf("%T\n", area)
	//cell
	scale := (*Rect).Scale
	r := Rect{1, 2}
	scale(&r, 5)
	fmt.Println(r)
	fmt.Printf("%T\n", scale)
	//cell
	pArea := (*Rect).Area
	fmt.Println(pArea(&r))
	fmt.Println(apply([]Rect{{1, 1}, {2, 3}, {4, 5}}, Rect.Area))
	_show(Rect.Area(Rect{6, 7}))
}
