// Widths and flags apply to values of cell types as to their underlying kinds, and
// to the text a String method returns; Sprintf builds aligned columns of them.
package main

import "fmt"

type Celsius float64

type Name string

type Level int

func (l Level) String() string { return fmt.Sprintf("L%d", int(l)) }

type Reading struct {
	Where Name
	Temp  Celsius
	Lvl   Level
}

func main() {
	rs := []Reading{{"attic", 31.25, 2}, {"cellar", 9.5, 10}, {"den", -2, 1}}
	for _, r := range rs {
		fmt.Printf("%-8s|%7.2f|%4v|%-4s|\n", r.Where, r.Temp, r.Lvl, r.Lvl)
	}
	//cell
	fmt.Printf("[%08.3f][%+.1f][%x]\n", Celsius(3.14159), Celsius(2), Name("hi"))
	fmt.Printf("[%5d][%-5d][%05d]\n", Level(3), Level(3), Level(3))
	_show(fmt.Sprintf("%6v|%-6v|", Level(7), Name("ab")))
}
