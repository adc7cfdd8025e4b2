// Methods on a named map type: the map is a reference, so even value-receiver
// methods add to it; a nil map of the type reads fine but panics on write.
package main

import (
	"fmt"
	"sort"
)

type Set map[string]bool

func (s Set) Add(words ...string) {
	for _, w := range words {
		s[w] = true
	}
}

func (s Set) Has(w string) bool { return s[w] }

func (s Set) Sorted() []string {
	out := make([]string, 0, len(s))
	for w := range s {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

func main() {
	s := Set{}
	s.Add("pear", "apple", "fig")
	s.Add("apple")
	fmt.Println(len(s), s.Sorted())
	fmt.Println(s.Has("fig"), s.Has("kiwi"))
	//cell
	fmt.Println(s)
	//cell
	var none Set
	fmt.Println(none.Has("x"), len(none.Sorted()))
	none.Add("boom")
}
