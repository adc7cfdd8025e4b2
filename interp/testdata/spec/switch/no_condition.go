// A switch with no expression switches on true: the first case whose boolean
// expression is true runs.
package main

import "fmt"

func grade(score int) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 70:
		return "C"
	default:
		return "F"
	}
}

func main() {
	for _, s := range []int{95, 85, 72, 10} {
		fmt.Print(grade(s), " ")
	}
	fmt.Println()
	//cell
	x := 7
	switch {
	case x < 0:
		fmt.Println("negative")
	case x%2 == 1:
		fmt.Println("odd")
	}
	_show(grade(80))
}
