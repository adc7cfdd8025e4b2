// String methods on named non-struct types (issue 11, item 7): a Genre int with a
// String method over a table of names, printed in a slice, as map keys (fmt sorts
// them), as a function's result, with %d, as a struct field with %v and %+v, and
// inside an any.
package main

import "fmt"

type Genre int

const (
	Rock Genre = iota
	Jazz
	Folk
)

var genreNames = []string{"Rock", "Jazz", "Folk"}

func (g Genre) String() string { return genreNames[g] }

type Album struct {
	Title string
	Genre Genre
}

func favourite() Genre { return Folk }

func main() {
	fmt.Println([]Genre{0, 1})
	//cell
	counts := map[Genre]int{Folk: 3, Rock: 1, Jazz: 2}
	fmt.Println(counts)
	//cell
	fmt.Println(favourite())
	fmt.Println(fmt.Sprintf("%d", Jazz))
	//cell
	a := Album{"Kind of Blue", Jazz}
	fmt.Printf("%v %+v\n", a, a)
	//cell
	var v any = Rock
	fmt.Println(v)
	fmt.Printf("%v %s %d\n", v, v, v)
	//cell
	_show(Jazz, []Genre{Folk}, v)
}
