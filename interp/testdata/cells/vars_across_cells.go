// Variables across cells: a := that declares one name again keeps the other names of
// the earlier declaration (model, err := ... after err was declared), and a var
// declaration reads variables that := statements declared (yaegi: "variable
// definition loop"), with and without a type; two := of one cell that share a name
// both stay declared for later cells.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	syn, err := strconv.Atoi("3")
	fmt.Println(syn, err)
	//cell
	c, err := syn+1, error(nil)
	_show(c, err)
	//cell
	var y = syn * 2
	var f float64 = float64(c)
	var a, b = syn, c
	_show(y, f, a, b)
	//cell
	p, perr := strconv.Atoi("7")
	q, perr := strconv.Atoi("8")
	fmt.Println(perr)
	//cell
	_show(p, q, perr)
}
