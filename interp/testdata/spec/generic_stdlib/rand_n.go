// math/rand/v2.N returns a value in [0, n) for any integer type, time.Duration
// included; only properties are printed since the draws are random. n <= 0 panics
// "invalid argument to N".
package main

import (
	"fmt"
	"math/rand/v2"
	"time"
)

type Dice struct{ Sides int }

// Sample draws k values below n and reports whether all were in range.
func Sample[I ~int | ~int64 | ~uint8](n I, k int) bool {
	for range k {
		if v := rand.N(n); v < 0 || v >= n {
			return false
		}
	}
	return true
}

func (d Dice) Roll() int { return rand.N(d.Sides) + 1 }

func main() {
	fmt.Println(Sample(10, 1000), Sample(int64(1)<<40, 1000), Sample(uint8(3), 1000), Sample(1, 10))
	seen := map[int]bool{}
	for range 2000 {
		seen[rand.N(5)] = true
	}
	fmt.Println(len(seen))
	//cell
	d := Dice{6}
	ok := true
	for range 500 {
		if r := d.Roll(); r < 1 || r > 6 {
			ok = false
		}
	}
	fmt.Println(ok)
	jitter := rand.N(100 * time.Millisecond)
	fmt.Println(jitter >= 0 && jitter < 100*time.Millisecond, Sample(time.Duration(3), 50))
	var u uint = rand.N[uint](7)
	_show(u < 7, rand.N(int32(1)))
	//cell
	fmt.Println(rand.N(0))
}
