// An LRU cache built from container/list and a map of *list.Element: Get moves an
// entry to the front, Put evicts from the back when full.
package main

import (
	"container/list"
	"fmt"
)

type entry struct {
	key   string
	value int
}

type LRU struct {
	cap   int
	order *list.List
	items map[string]*list.Element
}

func NewLRU(n int) *LRU {
	return &LRU{cap: n, order: list.New(), items: map[string]*list.Element{}}
}

func (c *LRU) Get(k string) (int, bool) {
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry).value, true
	}
	return 0, false
}

func (c *LRU) Put(k string, v int) {
	if e, ok := c.items[k]; ok {
		e.Value.(*entry).value = v
		c.order.MoveToFront(e)
		return
	}
	if c.order.Len() == c.cap {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*entry).key)
	}
	c.items[k] = c.order.PushFront(&entry{k, v})
}

func (c *LRU) Keys() []string {
	var ks []string
	for e := c.order.Front(); e != nil; e = e.Next() {
		ks = append(ks, e.Value.(*entry).key)
	}
	return ks
}

func main() {
	c := NewLRU(3)
	c.Put("a", 1)
	c.Put("b", 2)
	c.Put("c", 3)
	fmt.Println(c.Get("a"))
	c.Put("d", 4)
	fmt.Println(c.Keys())
	//cell
	_, ok := c.Get("b")
	c.Put("c", 30)
	fmt.Println(ok, c.Keys())
	_show(c.Get("c"))
}
