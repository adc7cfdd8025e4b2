// Methods on a named function type (the http.HandlerFunc pattern): a plain function
// converted to the type satisfies an interface through a method that calls it.
package main

import (
	"fmt"
	"strings"
)

type Transformer interface {
	Transform(string) string
}

type TransformFunc func(string) string

func (f TransformFunc) Transform(s string) string { return f(s) }

func (f TransformFunc) Then(g TransformFunc) TransformFunc {
	return func(s string) string { return g(f(s)) }
}

func run(t Transformer, in string) string { return t.Transform(in) }

func main() {
	upper := TransformFunc(strings.ToUpper)
	fmt.Println(run(upper, "quiet"))
	//cell
	exclaim := TransformFunc(func(s string) string { return s + "!" })
	both := upper.Then(exclaim)
	fmt.Println(run(both, "hey"))
	//cell
	chain := []Transformer{upper, exclaim, both, TransformFunc(strings.TrimSpace)}
	for _, t := range chain {
		fmt.Printf("%q\n", t.Transform("  go "))
	}
	_show(both("x"))
}
