// The print and println builtins write to standard error, not standard output;
// println separates operands with spaces and ends with a newline.
package main

import "fmt"

func main() {
	fmt.Println("to stdout")
	println("to stderr", 1, true)
	print("no", "space", 2, "\n")
	//cell
	fmt.Println("stdout again")
	println("x =", 42)
	print("end\n")
}
