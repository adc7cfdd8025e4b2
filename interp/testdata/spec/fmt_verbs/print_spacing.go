// Print adds a space between operands when neither is a string; Println always
// separates with spaces and ends with a newline; Sprint and Sprintln likewise.
package main

import "fmt"

type Tag string

type ID int

func main() {
	fmt.Print(1, 2, "x", 3, "y", "z", 4.5, true, "\n")
	fmt.Print("a", "b", ID(1), ID(2), Tag("t"), Tag("u"), "\n")
	//cell
	fmt.Println("a", "b", 1, 2)
	s := fmt.Sprint("n=", 5, 6, []int{7}, nil, "!")
	fmt.Println(s)
	//cell
	ln := fmt.Sprintln("end", 1)
	fmt.Printf("%q\n", ln)
	_show(fmt.Sprint(ID(3), Tag("v"), ID(4)))
}
