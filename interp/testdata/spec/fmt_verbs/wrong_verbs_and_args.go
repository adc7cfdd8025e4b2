// Format errors are printed into the output, not reported: a wrong verb for the
// type (%!d(string=x)), a missing argument (%!d(MISSING)), extra arguments
// (%!(EXTRA ...)), a bad verb and a lone % at the end.
package main

import "fmt"

type Point struct{ X, Y int }

func main() {
	fmt.Printf("%d\n", "x")
	fmt.Printf("%s %t\n", 5, "yes")
	//cell
	fmt.Printf("%d %d\n", 1)
	fmt.Printf("%d\n", 1, 2, "three")
	//cell
	fmt.Printf("%z|%!|100%\n", 3)
	fmt.Println(fmt.Sprintf("%d", Point{1, 2}), fmt.Sprintf("%s", Point{1, 2}))
	//cell
	fmt.Println(fmt.Sprintf("%x", 3.5), fmt.Sprintf("%d", nil), fmt.Sprintf("%s", nil))
	_show(fmt.Sprintf("%[3]d %[1]d", 1, 2))
}
