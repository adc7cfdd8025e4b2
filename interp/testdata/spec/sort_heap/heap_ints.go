// container/heap over a min-heap of ints: heap.Init on unsorted data, Push, Pop in
// ascending order, and heap.Remove of an element by index.
package main

import (
	"container/heap"
	"fmt"
)

type IntHeap []int

func (h IntHeap) Len() int           { return len(h) }
func (h IntHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h IntHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *IntHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *IntHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}

func main() {
	h := &IntHeap{9, 4, 7, 1, 8}
	heap.Init(h)
	fmt.Println("min:", (*h)[0])
	heap.Push(h, 3)
	heap.Push(h, 0)
	//cell
	removed := heap.Remove(h, 2)
	fmt.Println("removed something:", removed != nil, h.Len())
	var out []int
	for h.Len() > 0 {
		out = append(out, heap.Pop(h).(int))
	}
	fmt.Println(out)
}
