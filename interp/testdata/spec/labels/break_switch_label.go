// A labelled break can name a switch statement, or the for loop around it, and
// continue with a label skips to the next iteration from inside a switch.
package main

import "fmt"

func main() {
	cmds := []string{"add", "skip", "add", "stop", "add"}
	total := 0
run:
	for _, c := range cmds {
		switch c {
		case "add":
			total++
		case "skip":
			continue run
		case "stop":
			break run
		}
		fmt.Println("after", c, total)
	}
	fmt.Println("total", total)
	//cell
	x := 5
sw:
	switch {
	case x > 0:
		if x > 3 {
			fmt.Println("big")
			break sw
		}
		fmt.Println("small")
	}
	fmt.Println("done")
}
