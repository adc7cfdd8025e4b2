// init functions cannot be referred to from anywhere in a program.
package main

import "fmt"

var count int

func init() {
	count++
}

func main() {
	fmt.Println(count)
	//cell
	init()
}
