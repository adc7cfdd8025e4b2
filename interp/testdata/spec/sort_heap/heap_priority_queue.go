// container/heap with a program priority queue type (pointer receiver Push/Pop),
// items that record their index, and heap.Fix after changing a priority.
package main

import (
	"container/heap"
	"fmt"
)

type Task struct {
	Name     string
	Priority int
	index    int
}

type PQ []*Task

func (pq PQ) Len() int { return len(pq) }
func (pq PQ) Less(i, j int) bool {
	return pq[i].Priority > pq[j].Priority
}
func (pq PQ) Swap(i, j int) {
	pq[i], pq[j] = pq[j], pq[i]
	pq[i].index = i
	pq[j].index = j
}
func (pq *PQ) Push(x any) {
	t := x.(*Task)
	t.index = len(*pq)
	*pq = append(*pq, t)
}
func (pq *PQ) Pop() any {
	old := *pq
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	t.index = -1
	*pq = old[:n-1]
	return t
}

func (pq *PQ) update(t *Task, priority int) {
	t.Priority = priority
	heap.Fix(pq, t.index)
}

func main() {
	pq := PQ{}
	tasks := map[string]int{"write": 3, "test": 5, "deploy": 1, "review": 4}
	for _, name := range []string{"write", "test", "deploy", "review"} {
		heap.Push(&pq, &Task{Name: name, Priority: tasks[name]})
	}
	//cell
	deploy := pq[0]
	for _, t := range pq {
		if t.Name == "deploy" {
			deploy = t
		}
	}
	pq.update(deploy, 10)
	fmt.Println("top:", pq[0].Name, pq.Len())
	//cell
	for pq.Len() > 0 {
		t := heap.Pop(&pq).(*Task)
		fmt.Printf("%s(%d) index=%d\n", t.Name, t.Priority, t.index)
	}
}
