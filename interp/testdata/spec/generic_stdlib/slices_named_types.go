// The ~[]E constraints of package slices keep a named slice type of the program:
// Clone, Compact, Insert and Concat return it, so its methods remain; the element may be
// a named type too (Celsius with ~float64 under cmp.Ordered).
package main

import (
	"fmt"
	"slices"
	"strings"
)

type Celsius float64

type Temps []Celsius

func (t Temps) Summary() string {
	return fmt.Sprintf("%d readings, %.1f..%.1f", len(t), float64(slices.Min(t)), float64(slices.Max(t)))
}

type Tags []string

func (t Tags) String() string { return "#" + strings.Join(t, " #") }

// Normalize sorts and deduplicates any slice type of comparable ordered elements.
func Normalize[S ~[]E, E interface{ ~float64 | ~string }](s S) S {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

func main() {
	t := Temps{21.5, 19, 23.25, 19}
	fmt.Println(t.Summary())
	n := Normalize(t)
	fmt.Println(n.Summary(), n)
	fmt.Println(slices.Insert(t, 0, -4).Summary())
	//cell
	tags := Tags{"go", "wasm", "go", "cli"}
	fmt.Println(tags)
	fmt.Println(Normalize(tags))
	fmt.Println(slices.Concat(tags[:1], Tags{"new"}))
	both := slices.Clone(tags)
	slices.Reverse(both)
	_show(both, slices.Index(both, "wasm"))
}
