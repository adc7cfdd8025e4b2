// fmt prints maps with their keys sorted: ints numerically, strings
// lexicographically, structs field by field, bools false first; nested maps too.
package main

import "fmt"

type Key struct {
	Row int
	Col string
}

type Stock struct {
	Item string
	Qty  int
}

func main() {
	fmt.Println(map[int]string{10: "ten", -1: "minus", 2: "two"})
	fmt.Println(map[string]int{"pear": 1, "Apple": 2, "apple": 3})
	//cell
	grid := map[Key]bool{{2, "a"}: true, {1, "z"}: false, {1, "b"}: true}
	fmt.Println(grid)
	fmt.Printf("%+v\n", map[bool]int{true: 1, false: 0})
	//cell
	inv := map[string][]Stock{"b": {{"nut", 3}}, "a": {{"bolt", 1}, {"gear", 2}}}
	fmt.Printf("%v\n%+v\n", inv, inv)
	nested := map[string]map[string]int{"z": {"y": 1, "x": 2}, "m": {}}
	_show(nested)
}
