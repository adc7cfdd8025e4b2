// container/ring: a ring of n elements filled by walking Next, Do visiting every
// value, Move and Link/Unlink changing it.
package main

import (
	"container/ring"
	"fmt"
)

func show(r *ring.Ring) {
	r.Do(func(v any) { fmt.Print(v, " ") })
	fmt.Println("len", r.Len())
}

func main() {
	r := ring.New(5)
	for i := 1; i <= r.Len(); i++ {
		r.Value = i * 10
		r = r.Next()
	}
	show(r)
	show(r.Move(2))
	show(r.Prev())
	//cell
	removed := r.Unlink(2)
	show(r)
	show(removed)
	//cell
	s := ring.New(2)
	s.Value, s.Next().Value = "x", "y"
	r.Link(s)
	show(r)
	sum := 0
	r.Do(func(v any) {
		if n, ok := v.(int); ok {
			sum += n
		}
	})
	_show(sum)
}
