// A struct may embed a pointer *T: fields and methods of T are promoted through the
// pointer, and two structs embedding the same pointer share the embedded value.
package main

import "fmt"

type Stats struct {
	Count int
}

func (s *Stats) Add(n int) { s.Count += n }

func (s Stats) Report() string { return fmt.Sprint("count=", s.Count) }

type Reader struct {
	Name string
	*Stats
}

func main() {
	shared := &Stats{}
	a := Reader{"a", shared}
	b := Reader{"b", shared}
	a.Add(2)
	b.Add(3)
	fmt.Println(a.Count, b.Count, shared.Count)
	fmt.Println(a.Report(), b.Stats.Report())
	//cell
	a.Count = 100
	fmt.Println(b.Report())
	b.Stats = &Stats{Count: 1}
	b.Add(1)
	fmt.Println(a.Report(), b.Report())
	_show(a.Count, b.Count)
}
