// A labelled break ends the labelled loop from inside a nested loop.
package main

import "fmt"

func findPair(nums []int, target int) (int, int, bool) {
	found := false
	var a, b int
search:
	for i := range nums {
		for j := i + 1; j < len(nums); j++ {
			if nums[i]+nums[j] == target {
				a, b, found = i, j, true
				break search
			}
		}
	}
	return a, b, found
}

func main() {
	fmt.Println(findPair([]int{2, 7, 11, 15}, 18))
	fmt.Println(findPair([]int{1, 2}, 10))
	//cell
	grid := [][]int{{1, 2, 3}, {4, -1, 6}, {7, 8, 9}}
	sum := 0
rows:
	for _, row := range grid {
		for _, v := range row {
			if v < 0 {
				break rows
			}
			sum += v
		}
	}
	fmt.Println("sum before negative:", sum)
}
