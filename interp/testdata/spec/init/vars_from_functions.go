// Package-level variables may be initialised by function calls, including calls to
// functions that read other package-level variables, which are then initialised first.
package main

import (
	"fmt"
	"strings"
)

var greeting = makeGreeting()

var name = strings.ToUpper("gopher")

var table = buildTable(4)

func makeGreeting() string {
	return "hello, " + name
}

func buildTable(n int) map[int]int {
	m := make(map[int]int, n)
	for i := 1; i <= n; i++ {
		m[i] = i * i
	}
	return m
}

func main() {
	fmt.Println(greeting)
	fmt.Println(len(table), table[3])
	//cell
	_show(greeting, name)
}
