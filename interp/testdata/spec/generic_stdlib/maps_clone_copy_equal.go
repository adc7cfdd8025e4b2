// maps.Clone (nil stays nil, the clone is independent), Copy (overwrites existing keys),
// Equal and EqualFunc (NaN values are never equal), DeleteFunc, with struct keys and
// values of the program and from generic functions of the program.
package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

type Coord struct{ Row, Col int }

type Cell struct {
	Mark  string
	Score float64
}

// Merge returns a new map with b's entries over a's.
func Merge[M ~map[K]V, K comparable, V any](a, b M) M {
	out := maps.Clone(a)
	if out == nil {
		out = M{}
	}
	maps.Copy(out, b)
	return out
}

// Prune deletes the entries whose value is the zero value.
func Prune[K comparable, V comparable](m map[K]V) {
	var zero V
	maps.DeleteFunc(m, func(_ K, v V) bool { return v == zero })
}

func main() {
	a := map[string]int{"x": 1, "y": 2}
	b := maps.Clone(a)
	b["z"] = 3
	fmt.Println(a, b, maps.Equal(a, b))
	delete(b, "z")
	fmt.Println(maps.Equal(a, b), maps.Clone(map[string]int(nil)) == nil, maps.Equal(map[int]int(nil), map[int]int{}))
	fmt.Println(Merge(a, map[string]int{"y": 20, "w": 0}), Merge(nil, a))
	//cell
	board := map[Coord]Cell{{0, 0}: {"X", 1}, {1, 1}: {"O", 0.5}, {2, 2}: {}}
	other := maps.Clone(board)
	fmt.Println(maps.Equal(board, other), len(other))
	Prune(other)
	fmt.Println(len(other), other[Coord{1, 1}])
	//cell
	nan := map[string]float64{"v": math.NaN()}
	fmt.Println(maps.Equal(nan, nan), maps.Equal(map[string]float64{"v": 0}, map[string]float64{"v": math.Copysign(0, -1)}))
	ci := maps.EqualFunc(map[int]string{1: "Go"}, map[int]string{1: "GO"}, strings.EqualFold)
	fmt.Println(ci, maps.EqualFunc(board, map[Coord]string{{0, 0}: "X"}, func(c Cell, s string) bool { return c.Mark == s }))
	//cell
	inv := map[string]int{"a": 1, "b": 2, "c": 3, "d": 4}
	maps.DeleteFunc(inv, func(k string, v int) bool { return v%2 == 0 || k == "c" })
	_show(slices.Sorted(maps.Keys(inv)), len(inv))
}
