// A map element is not addressable, so a pointer method cannot be called on it:
// m[k].M() fails to compile, even though the same call on a variable works.
package main

import "fmt"

type Tally struct{ n int }

func (t *Tally) Bump() { t.n++ }

func main() {
	m := map[string]Tally{"a": {1}}
	t := m["a"]
	t.Bump()
	m["a"] = t
	fmt.Println(m["a"].n)
	//cell
	m["a"].Bump()
	fmt.Println(m)
}
