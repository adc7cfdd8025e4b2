// A single-result type assertion that fails panics with a runtime error naming the
// dynamic type and the asserted one: for a concrete type "interface {} is T, not U",
// for an interface type "T is not I: missing method M".
package main

import "fmt"

type Speaker interface{ Speak() string }

type Rock struct{ weight int }

func main() {
	var v any = Rock{3}
	r := v.(Rock)
	fmt.Println("got a rock of", r.weight)
	//cell
	fmt.Println("asking it to speak")
	s := v.(Speaker)
	fmt.Println(s.Speak())
}
