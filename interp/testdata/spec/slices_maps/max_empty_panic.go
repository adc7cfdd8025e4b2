// slices.Max of an empty slice panics with "slices.Max: empty list".
package main

import (
	"fmt"
	"slices"
)

type Reading struct {
	Sensor string
	Value  float64
}

func highest(rs []Reading) float64 {
	vals := make([]float64, 0, len(rs))
	for _, r := range rs {
		vals = append(vals, r.Value)
	}
	return slices.Max(vals)
}

func main() {
	fmt.Println(highest([]Reading{{"a", 1.5}, {"b", 3.25}}))
	//cell
	var none []Reading
	fmt.Println("no readings")
	fmt.Println(highest(none))
}
