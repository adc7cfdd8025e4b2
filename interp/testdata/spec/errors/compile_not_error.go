// A type whose Error method has a pointer receiver: its value does not implement
// error, so returning it as an error fails to compile.
package main

import "fmt"

type BadInput struct{ Field string }

func (b *BadInput) Error() string { return "bad input: " + b.Field }

func main() {
	p := &BadInput{"name"}
	var err error = p
	fmt.Println(err)
	//cell
	var err2 error = BadInput{"age"}
	fmt.Println(err2)
}
