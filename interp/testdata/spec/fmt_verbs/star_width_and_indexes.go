// Width and precision taken from arguments with *, explicit argument indexes
// %[n]d, and a table printed with computed widths.
package main

import "fmt"

type Row struct {
	Name  string
	Score float64
}

func main() {
	fmt.Printf("[%*d][%-*d]\n", 5, 42, 5, 42)
	fmt.Printf("[%.*f][%*.*f]\n", 2, 3.14159, 8, 3, 3.14159)
	//cell
	fmt.Printf("%[2]s %[1]s %[2]s\n", "a", "b")
	fmt.Printf("%[1]d %[1]x %[1]o %[1]b\n", 10)
	fmt.Printf("%d %d %#[1]x %#x\n", 16, 17)
	//cell
	rows := []Row{{"ann", 9.5}, {"bartholomew", 10}, {"cy", 7.25}}
	width := 0
	for _, r := range rows {
		if len(r.Name) > width {
			width = len(r.Name)
		}
	}
	for _, r := range rows {
		fmt.Printf("%-*s|%6.2f|\n", width, r.Name, r.Score)
	}
	_show(fmt.Sprintf("%*d", -4, 1))
}
