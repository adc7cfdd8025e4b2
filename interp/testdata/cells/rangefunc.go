// Range over functions (Go 1.23, issue 16, item 3): break, continue, labelled break
// and continue of outer loops, return from the enclosing function (with values, and
// bare with named results), goto out of the body, defer in the body (run when the
// function returns, in Go's order among its other defers), nested iterator loops,
// per-iteration variables seen by closures, the = form, a loop without variables, the
// iterators of maps, slices, strings and bytes (Go 1.24's Lines, FieldsSeq, SplitSeq),
// and a panic in the body, placed at its line. The interpreter cannot range over a
// function: the kernel rewrites each loop into a call of the iterator with a yield
// function.
package main

import (
	"bytes"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				fmt.Println("  stopped at", i)
				return
			}
		}
	}
}

func pairs(yield func(string, int) bool) {
	for i, s := range []string{"a", "b", "c"} {
		if !yield(s, i) {
			return
		}
	}
}

func find(s string) int {
	for k, v := range pairs {
		if k == s {
			return v * 10
		}
	}
	return -1
}

func firstOver(n int) (at int, found bool) {
	for x := range count(10) {
		at = x
		if x > n {
			found = true
			return
		}
	}
	return -1, false
}

func grid() string {
	var b strings.Builder
rows:
	for i := range count(4) {
		for j := range count(4) {
			if j > i {
				continue rows
			}
			if i == 3 {
				break rows
			}
			fmt.Fprintf(&b, "%d%d ", i, j)
		}
	}
	return b.String()
}

func deferOrder() {
	defer fmt.Println("deferred first, runs last")
	for x := range count(3) {
		defer fmt.Println("deferred in the body", x)
		if x == 1 {
			defer func() { fmt.Println("a literal deferred at", x) }()
		}
	}
	defer fmt.Println("deferred after the loop, runs first")
	fmt.Println("body done")
}

func firstEven(xs []int) (found int) {
	found = -1
	for i, x := range slices.All(xs) {
		if x%2 == 0 {
			found = i
			goto done
		}
	}
	fmt.Println("  none even")
done:
	return found
}

func main() {
	for x := range count(6) {
		if x == 1 {
			continue
		}
		if x == 4 {
			break
		}
		fmt.Println("x", x)
	}
	//cell
	fmt.Println(find("b"), find("z"))
	fmt.Println(firstOver(3))
	fmt.Println(firstOver(20))
	fmt.Println(grid())
	deferOrder()
	fmt.Println(firstEven([]int{3, 5, 8, 9}), firstEven([]int{1}))
	//cell
	var fs []func() int
	for x := range count(3) {
		fs = append(fs, func() int { return x * x })
	}
	fmt.Println(fs[0](), fs[1](), fs[2]())
	//cell
	var k string
	var v int
	for k, v = range pairs {
	}
	fmt.Println(k, v)
	n := 0
	for range count(5) {
		n++
	}
	fmt.Println(n)
	//cell
	m := map[string]int{"x": 1, "y": 2, "z": 3}
	total := 0
	for _, v := range maps.All(m) {
		total += v
	}
	fmt.Println(total, slices.Sorted(maps.Keys(m)))
	for i, s := range slices.Backward([]string{"p", "q"}) {
		fmt.Println(i, s)
	}
	//cell
	for line := range strings.Lines("one\ntwo\n") {
		fmt.Printf("%q\n", line)
	}
	for f := range strings.FieldsSeq("  a b  c ") {
		fmt.Print(f, ";")
	}
	for part := range bytes.SplitSeq([]byte("x,y"), []byte(",")) {
		fmt.Print(" ", string(part))
	}
	fmt.Println()
	//cell
outer:
	for i := 0; i < 3; i++ {
		for x := range count(3) {
			if x == 1 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Println("i x", i, x)
		}
	}
	//cell
	for x := range count(3) {
		if x == 2 {
			panic(fmt.Sprint("in the body at ", x))
		}
	}
}
