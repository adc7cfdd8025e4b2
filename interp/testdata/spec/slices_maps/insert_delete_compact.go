// slices.Insert, Delete, DeleteFunc, Replace, Compact and CompactFunc edit a slice and
// return the new one; Reverse works in place.
package main

import (
	"fmt"
	"slices"
	"strings"
)

func main() {
	s := []string{"a", "b", "c"}
	s = slices.Insert(s, 1, "x", "y")
	fmt.Println(s, len(s))
	s = slices.Delete(s, 0, 2)
	fmt.Println(s)
	s = slices.Replace(s, 1, 2, "B", "BB")
	fmt.Println(s)
	//cell
	nums := []int{1, 1, 2, 3, 3, 3, 4, 1, 1}
	nums = slices.Compact(nums)
	fmt.Println(nums)
	nums = slices.DeleteFunc(nums, func(n int) bool { return n%2 == 0 })
	fmt.Println(nums)
	//cell
	words := []string{"Go", "go", "GO", "rust", "Rust", "zig"}
	words = slices.CompactFunc(words, strings.EqualFold)
	slices.Reverse(words)
	_show(words)
}
