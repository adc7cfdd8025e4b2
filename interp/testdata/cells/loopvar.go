// Go 1.22 per-iteration loop variables (issue 11, item 2), at a cell's top level and
// inside a function declared in cell 0: closures captured in three-clause loops and in
// range loops over a slice and a map, &i kept in a slice, a body that changes i (the
// change carries to the next iteration), continue in such a loop, and nested loops
// with a labelled continue. Goroutines are in loopvar_goroutines.go.
package main

import (
	"fmt"
	"sort"
)

func inFunc() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()

	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	fmt.Println(*ps[0], *ps[1], *ps[2])

	var seen []func() int
	for i := 0; i < 10; i++ {
		i += 2
		seen = append(seen, func() int { return i })
	}
	for _, f := range seen {
		fmt.Print(f(), " ")
	}
	fmt.Println()
}

func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	//cell
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	var byElem []func() string
	for _, s := range []string{"a", "b", "c"} {
		byElem = append(byElem, func() string { return s })
	}
	for _, f := range byElem {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	m := map[string]int{"x": 1, "y": 2, "z": 3}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var byKey []func() string
	for _, k := range keys {
		byKey = append(byKey, func() string { return fmt.Sprint(k, "=", m[k]) })
	}
	for _, f := range byKey {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	fmt.Println(*ps[0], *ps[1], *ps[2])
	//cell
	var seen []func() int
	for i := 0; i < 10; i++ {
		i += 2
		seen = append(seen, func() int { return i })
	}
	for _, f := range seen {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	var kept []func() int
	for i := 0; i < 8; i++ {
		if i%3 == 0 {
			i++
			continue
		}
		kept = append(kept, func() int { return i })
	}
	for _, f := range kept {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	var pairs []func() string
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j > i {
				continue outer
			}
			pairs = append(pairs, func() string { return fmt.Sprint(i, j) })
		}
	}
	for _, f := range pairs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	inFunc()
}
