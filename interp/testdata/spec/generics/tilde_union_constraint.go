// A constraint with a union of ~T terms accepts every type whose underlying type is
// in the union, so named types work; the result keeps the named type.
package main

import "fmt"

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs []T) T {
	var total T
	for _, x := range xs {
		total += x
	}
	return total
}

func Scale[T Number](xs []T, k T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = x * k
	}
	return out
}

type Cents int64

type Score float64

func main() {
	fmt.Println(Sum([]int{1, 2, 3}), Sum([]float64{0.5, 0.25}))
	//cell
	prices := []Cents{199, 250, 1}
	total := Sum(prices)
	fmt.Printf("%v %d\n", total, total)
	//cell
	scores := Scale([]Score{1.5, 2}, 2)
	fmt.Println(scores, Sum(scores))
	_show(Sum[Cents](nil))
}
