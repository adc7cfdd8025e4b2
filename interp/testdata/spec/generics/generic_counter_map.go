// A generic type over a map, Counter[K comparable], with pointer methods, used with
// string keys and with a cell struct as the key; results sorted with a generic helper.
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Counter[K comparable] struct {
	counts map[K]int
}

func NewCounter[K comparable]() *Counter[K] {
	return &Counter[K]{counts: make(map[K]int)}
}

func (c *Counter[K]) Add(keys ...K) {
	for _, k := range keys {
		c.counts[k]++
	}
}

func (c *Counter[K]) Get(k K) int { return c.counts[k] }

func SortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type Cell struct{ Row, Col int }

func main() {
	words := NewCounter[string]()
	words.Add("the", "cat", "the", "hat", "the")
	for _, w := range SortedKeys(words.counts) {
		fmt.Println(w, words.Get(w))
	}
	//cell
	grid := NewCounter[Cell]()
	grid.Add(Cell{0, 0}, Cell{1, 2}, Cell{0, 0})
	fmt.Println(grid.Get(Cell{0, 0}), grid.Get(Cell{1, 2}), grid.Get(Cell{5, 5}))
	_show(len(grid.counts))
}
