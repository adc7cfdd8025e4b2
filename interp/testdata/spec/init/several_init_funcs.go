// A file may hold several init functions; they run in the order they appear, after all
// package-level variables are initialised and before main.
package main

import "fmt"

var log []string

var ready = setup()

func setup() bool {
	log = append(log, "var ready")
	return true
}

func init() {
	log = append(log, "first init")
}

func init() {
	log = append(log, fmt.Sprint("second init, ready=", ready))
}

func main() {
	log = append(log, "main")
	for i, l := range log {
		fmt.Println(i, l)
	}
}
