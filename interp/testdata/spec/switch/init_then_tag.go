// A switch's init statement runs before its tag is evaluated; a labeled switch with an
// init statement keeps its label for break; a case list of calls is evaluated in order
// until one equals the tag.
package main

import (
	"fmt"
	"strings"
)

func kind(s string) string {
	switch fields := strings.Fields(s); len(fields) {
	case 0:
		return "empty"
	case 1:
		return "word " + fields[0]
	default:
		return fmt.Sprint(len(fields), " words")
	}
}

func probe(tag string, v int) int {
	fmt.Print(tag, " ")
	return v
}

func firstEven(xs []int) int {
	for _, x := range xs {
	Check:
		switch half := x / 2; x - 2*half {
		case 0:
			if x == 0 {
				break Check
			}
			return x
		}
	}
	return -1
}

func main() {
	fmt.Println(kind(""), kind("go"), kind("a b c"))
	fmt.Println(firstEven([]int{1, 0, 3, 6, 8}))
	//cell
	switch n := probe("tag", 4); n {
	case probe("a", 1), probe("b", 4), probe("c", 9):
		fmt.Println("matched second")
	case probe("d", 4):
		fmt.Println("not reached")
	}
}
