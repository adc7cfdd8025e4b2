// A generic binary search tree over cmp.Ordered keys, with recursive methods on a
// generic pointer type and an in-order walk through a callback.
package main

import (
	"cmp"
	"fmt"
)

type Tree[K cmp.Ordered, V any] struct {
	root *treeNode[K, V]
}

type treeNode[K cmp.Ordered, V any] struct {
	key         K
	val         V
	left, right *treeNode[K, V]
}

func (t *Tree[K, V]) Put(k K, v V) { t.root = t.root.put(k, v) }

func (n *treeNode[K, V]) put(k K, v V) *treeNode[K, V] {
	if n == nil {
		return &treeNode[K, V]{key: k, val: v}
	}
	switch c := cmp.Compare(k, n.key); {
	case c < 0:
		n.left = n.left.put(k, v)
	case c > 0:
		n.right = n.right.put(k, v)
	default:
		n.val = v
	}
	return n
}

func (n *treeNode[K, V]) walk(f func(K, V)) {
	if n == nil {
		return
	}
	n.left.walk(f)
	f(n.key, n.val)
	n.right.walk(f)
}

func main() {
	var t Tree[string, int]
	for i, w := range []string{"m", "c", "x", "a", "c"} {
		t.Put(w, i)
	}
	t.root.walk(func(k string, v int) { fmt.Print(k, "=", v, " ") })
	fmt.Println()
	//cell
	var nums Tree[float64, bool]
	nums.Put(2.5, true)
	nums.Put(-1, false)
	count := 0
	nums.root.walk(func(float64, bool) { count++ })
	_show(count, nums.root.left.key)
}
