// The common pattern of turning a panic into an error result through a named result
// and a deferred recover, in a loop of calls.
package main

import (
	"fmt"
	"strconv"
)

func parseAll(inputs []string) (total int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("parseAll: %v", r)
		}
	}()
	for _, in := range inputs {
		n, e := strconv.Atoi(in)
		if e != nil {
			panic(e)
		}
		total += n
	}
	return total, nil
}

func main() {
	fmt.Println(parseAll([]string{"1", "2", "3"}))
	fmt.Println(parseAll([]string{"1", "x", "3"}))
	//cell
	total, err := parseAll(nil)
	_show(total, err)
}
