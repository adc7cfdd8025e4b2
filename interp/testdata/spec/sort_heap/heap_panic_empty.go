// Popping from an empty heap: heap.Pop calls the program's Pop method, whose
// old[n-1] with n == 0 panics with an index out of range.
package main

import (
	"container/heap"
	"fmt"
)

type MinHeap []int

func (h MinHeap) Len() int           { return len(h) }
func (h MinHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h MinHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *MinHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *MinHeap) Pop() any {
	old := *h
	n := len(old)
	x := old[n-1]
	*h = old[:n-1]
	return x
}

func main() {
	h := &MinHeap{}
	heap.Push(h, 2)
	fmt.Println(heap.Pop(h))
	//cell
	fmt.Println("popping again")
	fmt.Println(heap.Pop(h))
}
