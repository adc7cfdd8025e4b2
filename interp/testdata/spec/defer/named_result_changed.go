// Deferred functions may read and assign the surrounding function's named results
// after the return statement has set them.
package main

import (
	"errors"
	"fmt"
)

func double(x int) (result int) {
	defer func() { result *= 2 }()
	return x + 1
}

func withErr(fail bool) (n int, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("withErr: %w", err)
			n = -1
		}
	}()
	if fail {
		return 5, errors.New("failed")
	}
	return 5, nil
}

func unnamed() int {
	x := 1
	defer func() { x = 100 }()
	return x
}

func main() {
	fmt.Println(double(3))
	//cell
	n, err := withErr(true)
	fmt.Println(n, err)
	n, err = withErr(false)
	fmt.Println(n, err)
	//cell
	_show(unnamed())
}
