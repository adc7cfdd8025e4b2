// sort.Sort and sort.Stable with a program type implementing sort.Interface,
// sort.Reverse wrapping it, and sort.IsSorted checking the result.
package main

import (
	"fmt"
	"sort"
)

type Card struct {
	Rank int
	Suit string
}

type ByRank []Card

func (b ByRank) Len() int           { return len(b) }
func (b ByRank) Less(i, j int) bool { return b[i].Rank < b[j].Rank }
func (b ByRank) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func main() {
	hand := []Card{{10, "h"}, {2, "s"}, {14, "d"}, {2, "c"}, {7, "h"}, {10, "s"}}
	sort.Stable(ByRank(hand))
	fmt.Println(hand)
	fmt.Println(sort.IsSorted(ByRank(hand)))
	//cell
	sort.Sort(sort.Reverse(ByRank(hand)))
	for _, c := range hand {
		fmt.Print(c.Rank, c.Suit, " ")
	}
	fmt.Println()
	_show(sort.IsSorted(ByRank(hand)), len(hand))
}
