// Integer verbs: %d %b %o %O %x %X %c %q %U, with widths, zero padding, '+' and '-'
// flags and '#' for alternate forms.
package main

import "fmt"

func main() {
	n := 255
	fmt.Printf("%d|%b|%o|%O|%x|%X\n", n, n, n, n, n, n)
	fmt.Printf("%#b|%#o|%#x|%#X\n", n, n, n, n)
	//cell
	fmt.Printf("[%6d][%-6d][%06d][%+d][% d]\n", 42, 42, 42, 42, 42)
	fmt.Printf("[%x][%X][%08b]\n", -26, uint8(200), 5)
	//cell
	r := 'λ'
	fmt.Printf("%c|%q|%U|%#U|%d\n", r, r, r, r, r)
	fmt.Printf("%v %d %x\n", int8(-128), uint64(1<<63), int64(-1))
	_show(fmt.Sprintf("%5.3d|%x", 7, []int{10, 11}))
}
