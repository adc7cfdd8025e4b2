// A case list mixing a variable and constants matches any of them, in a loop; a case
// comparing booleans keeps its own comparison.
package main

import "fmt"

func main() {
	r := ""
	a := 3
	for i := 0; i < 8; i++ {
		switch i {
		case 5:
			r += "five "
		case a, 7, a + 3:
			r += "a "
		default:
			r += fmt.Sprint(i, " ")
		}
	}
	fmt.Println(r)
	//cell
	x, y := 2, 2
	switch true {
	case x == y, x > y:
		fmt.Println("ge")
	default:
		fmt.Println("lt")
	}
}
