// slices.Max, Min, MaxFunc, Equal, EqualFunc, Clone (a separate backing array),
// Concat and Repeat.
package main

import (
	"fmt"
	"slices"
	"strings"
)

type Player struct {
	Name  string
	Score int
}

func main() {
	xs := []int{4, -2, 9, 9, 0}
	fmt.Println(slices.Max(xs), slices.Min(xs))
	fmt.Println(slices.Max([]string{"pear", "apple", "zoo"}), slices.Min([]float64{2.5, -1, 3}))
	ps := []Player{{"ann", 7}, {"bo", 12}, {"cy", 12}}
	best := slices.MaxFunc(ps, func(a, b Player) int { return a.Score - b.Score })
	fmt.Println(best)
	//cell
	c := slices.Clone(xs)
	c[0] = 100
	fmt.Println(xs[0], c[0], slices.Equal(xs, c), slices.Equal(xs[1:], c[1:]))
	fmt.Println(slices.EqualFunc([]string{"A", "b"}, []string{"a", "B"}, strings.EqualFold))
	fmt.Println(slices.Clone([]int(nil)) == nil, slices.Equal([]int{}, nil))
	//cell
	all := slices.Concat([]int{1}, []int{2, 3}, nil, []int{4})
	fmt.Println(all, len(all))
	_show(slices.Repeat([]string{"ab", "c"}, 3))
}
