// The comparable constraint allows == on type parameters: a generic Index and a
// dedup over cell struct types, strings and ints.
package main

import "fmt"

type Point struct{ X, Y int }

func Index[T comparable](xs []T, v T) int {
	for i, x := range xs {
		if x == v {
			return i
		}
	}
	return -1
}

func Dedup[T comparable](xs []T) []T {
	seen := map[T]bool{}
	var out []T
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func main() {
	pts := []Point{{1, 2}, {3, 4}, {1, 2}}
	fmt.Println(Index(pts, Point{3, 4}), Index(pts, Point{9, 9}))
	fmt.Println(Dedup(pts))
	//cell
	fmt.Println(Dedup([]string{"a", "b", "a", "c", "b"}))
	fmt.Println(Index([]int{5, 6, 7}, 7))
	_show(len(Dedup([]bool{true, true, false})))
}
