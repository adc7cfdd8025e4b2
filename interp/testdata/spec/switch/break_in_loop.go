// A break inside a switch ends the switch, not the surrounding for loop; a labelled
// break ends the loop.
package main

import "fmt"

func main() {
	for i := 0; i < 4; i++ {
		switch i {
		case 1:
			fmt.Println("skip rest of case at", i)
			break
		case 2:
			fmt.Println("two")
		}
		fmt.Println("after switch", i)
	}
	//cell
loop:
	for i := 0; ; i++ {
		switch {
		case i == 3:
			break loop
		case i%2 == 0:
			fmt.Println("even", i)
		}
	}
	fmt.Println("loop ended")
}
