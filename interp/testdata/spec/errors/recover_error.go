// A deferred function turns a panic into an ordinary error return: recover gives the
// panic value, which is a runtime.Error for an index out of range.
package main

import (
	"errors"
	"fmt"
	"runtime"
)

func safeIndex(xs []int, i int) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			if re, ok := r.(runtime.Error); ok {
				err = fmt.Errorf("recovered: %w", re)
				return
			}
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	if i == -1 {
		panic("negative sentinel")
	}
	return xs[i], nil
}

func main() {
	xs := []int{10, 20}
	fmt.Println(safeIndex(xs, 1))
	fmt.Println(safeIndex(xs, 5))
	fmt.Println(safeIndex(xs, -1))
	//cell
	_, err := safeIndex(nil, 0)
	var re runtime.Error
	fmt.Println(errors.As(err, &re))
	_show(err)
}
