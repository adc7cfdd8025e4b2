// Comma-ok map index at a cell's top level (issue 11, item 1): `val, found := mm["a"]`
// in a cell of its own, after the map was made in an earlier cell, and the same for a
// missing key, then printed and shown. Receives and assertions are in
// commaok_chan.go and commaok_assert.go.
package main

import "fmt"

func main() {
	mm := map[string]int{"a": 1}
	//cell
	val, found := mm["a"]
	//cell
	missing, ok := mm["zz"]
	//cell
	fmt.Println(val, found, missing, ok)
	//cell
	_show(val, found, missing, ok)
}
