// The empty interface holds values of any type: cell structs, slices, maps, funcs,
// named types; fmt prints the dynamic value, and == compares dynamic type and value.
package main

import "fmt"

type Celsius float64

type Pair struct {
	K string
	V int
}

func main() {
	values := []any{Pair{"a", 1}, []Pair{{"b", 2}}, map[string]Pair{"c": {"c", 3}}, Celsius(36.6), &Pair{"d", 4}, nil}
	for _, v := range values {
		fmt.Printf("%v|%T\n", v, v)
	}
	//cell
	var a, b any = Pair{"x", 1}, Pair{"x", 1}
	fmt.Println(a == b, a == any(Pair{"x", 2}))
	var c any = Celsius(1)
	fmt.Println(c == any(1.0), c == any(Celsius(1)))
	//cell
	bag := map[string]any{"n": 1, "pair": Pair{"p", 9}, "list": []int{1, 2}}
	fmt.Println(bag)
	_show(bag["pair"])
}
