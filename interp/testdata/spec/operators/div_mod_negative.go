// Integer division truncates toward zero and the remainder has the sign of the
// dividend: x == (x/y)*y + x%y.
package main

import "fmt"

func main() {
	pairs := [][2]int{{7, 2}, {-7, 2}, {7, -2}, {-7, -2}}
	for _, p := range pairs {
		x, y := p[0], p[1]
		fmt.Println(x, y, x/y, x%y, (x/y)*y+x%y == x)
	}
	//cell
	fmt.Println(-7>>1, -7/2)
	mod := func(a, b int) int { return ((a % b) + b) % b }
	fmt.Println(mod(-7, 3), -7%3)
	//cell
	_show(7.0/2, -7/2.0)
}
