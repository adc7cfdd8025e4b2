// && and || evaluate their right operand only when needed.
package main

import "fmt"

func check(name string, v bool) bool {
	fmt.Println("eval", name)
	return v
}

func main() {
	fmt.Println(check("a", false) && check("b", true))
	fmt.Println(check("c", true) || check("d", true))
	fmt.Println(check("e", true) && check("f", false) || check("g", true))
	//cell
	var p *struct{ ok bool }
	fmt.Println(p != nil && p.ok)
	_show(!true || !false)
}
