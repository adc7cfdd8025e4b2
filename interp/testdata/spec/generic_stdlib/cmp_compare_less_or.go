// cmp.Compare and cmp.Less on ints, strings and floats (NaN is less than every other
// value and equal to itself, -0 equals 0), cmp.Or returning its first non-zero argument
// (strings, ints, a struct type), and multi-key ordering built with cmp.Or in a generic
// function of the program.
package main

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

type Person struct {
	Last, First string
	Age         int
}

// Clamp limits v to [lo, hi].
func Clamp[T cmp.Ordered](v, lo, hi T) T {
	if cmp.Less(v, lo) {
		return lo
	}
	if cmp.Compare(v, hi) > 0 {
		return hi
	}
	return v
}

// FirstSet returns the first argument that is not the zero value.
func FirstSet[T comparable](vals ...T) T {
	return cmp.Or(vals...)
}

func main() {
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"), cmp.Compare(2.5, 2.5), cmp.Less("abc", "abd"))
	nan := math.NaN()
	fmt.Println(cmp.Compare(nan, nan), cmp.Compare(nan, math.Inf(-1)), cmp.Compare(1.0, nan), cmp.Less(nan, 0.0), cmp.Less(nan, nan))
	fmt.Println(cmp.Compare(0.0, math.Copysign(0, -1)), cmp.Less(math.Copysign(0, -1), 0.0))
	fmt.Println(Clamp(15, 0, 10), Clamp("m", "a", "k"), Clamp(-0.5, 0, 1), Clamp(nan, 0, 1))
	//cell
	fmt.Println(cmp.Or("", "", "fallback", "late"), cmp.Or(0, 0, 0), cmp.Or[float64](), cmp.Or(nan, 1))
	port := FirstSet(0, 8080, 9090)
	fmt.Println(port, FirstSet[string]() == "", FirstSet(Person{}, Person{"Lee", "Ann", 3}))
	//cell
	people := []Person{{"Diaz", "Ana", 30}, {"Cho", "Min", 25}, {"Diaz", "Al", 30}, {"Cho", "Min", 22}}
	slices.SortFunc(people, func(a, b Person) int {
		return cmp.Or(cmp.Compare(a.Last, b.Last), cmp.Compare(a.First, b.First), cmp.Compare(a.Age, b.Age))
	})
	for _, p := range people {
		fmt.Println(p)
	}
	_show(cmp.Compare(int8(-3), int8(3)), cmp.Less(uint(1), 2), cmp.Compare[float32](1, 1))
}
