// container/list: PushBack/PushFront, InsertBefore/After, MoveToFront, Remove while
// iterating, and iterating both ways; values are program structs.
package main

import (
	"container/list"
	"fmt"
)

type Job struct {
	ID   int
	Name string
}

func dump(l *list.List) {
	for e := l.Front(); e != nil; e = e.Next() {
		j := e.Value.(Job)
		fmt.Print(j.ID, ":", j.Name, " ")
	}
	fmt.Println("len", l.Len())
}

func main() {
	l := list.New()
	a := l.PushBack(Job{1, "a"})
	l.PushBack(Job{2, "b"})
	c := l.PushFront(Job{3, "c"})
	l.InsertAfter(Job{4, "d"}, a)
	l.InsertBefore(Job{5, "e"}, c)
	dump(l)
	//cell
	l.MoveToBack(c)
	l.MoveToFront(a)
	dump(l)
	for e := l.Front(); e != nil; {
		next := e.Next()
		if e.Value.(Job).ID%2 == 0 {
			l.Remove(e)
		}
		e = next
	}
	dump(l)
	//cell
	for e := l.Back(); e != nil; e = e.Prev() {
		fmt.Print(e.Value.(Job).Name)
	}
	fmt.Println()
}
