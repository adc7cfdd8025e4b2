// Methods on a named slice type: value methods read the slice, pointer methods can
// append and reslice it; the type still indexes, ranges and converts like a slice.
package main

import (
	"fmt"
	"sort"
)

type Scores []int

func (s Scores) Sum() int {
	total := 0
	for _, v := range s {
		total += v
	}
	return total
}

func (s Scores) Max() int {
	m := s[0]
	for _, v := range s[1:] {
		if v > m {
			m = v
		}
	}
	return m
}

func (s *Scores) Add(vs ...int) { *s = append(*s, vs...) }

func (s *Scores) DropFirst() { *s = (*s)[1:] }

func main() {
	var s Scores
	s.Add(7, 3)
	s.Add(9)
	fmt.Println(s, len(s), s.Sum(), s.Max())
	//cell
	s.DropFirst()
	fmt.Println(s, s[0])
	sorted := append(Scores(nil), s...)
	sort.Ints(sorted)
	fmt.Println(sorted, []int(sorted))
	//cell
	fmt.Printf("%T %v\n", s, s)
	var empty Scores
	fmt.Println("empty sum", empty.Sum())
	fmt.Println(empty.Max())
}
