// Map and slice assignment order: the operands of the index expressions are
// evaluated before the right-hand side is assigned, and op= reads the element once.
package main

import "fmt"

var calls []string

func key(k string) string {
	calls = append(calls, "key "+k)
	return k
}

func val(v int) int {
	calls = append(calls, fmt.Sprint("val ", v))
	return v
}

func main() {
	m := map[string]int{}
	m[key("a")] = val(1)
	m[key("b")], m[key("c")] = val(2), val(3)
	fmt.Println(calls)
	//cell
	calls = nil
	m[key("a")] += val(10)
	fmt.Println(m["a"], calls)
	//cell
	counts := map[string]int{}
	for _, w := range []string{"x", "y", "x"} {
		counts[w]++
	}
	_show(counts["x"], counts["y"], len(counts))
}
