// Constructs the first rewrites got wrong (found in review): the pre-Go 1.22 copy
// v := v in a loop body; code inside a top-level deferred function literal (a loop
// whose closures capture its variable); range over an integer whose body changes its
// variable, with a closure capturing it at the top level; a top-level comma-ok whose
// type is an alias of another package's type (os.PathError is fs.PathError).
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	xs := []int{1, 2, 3}
	var fs []func() int
	for _, v := range xs {
		v := v
		fs = append(fs, func() int { return v })
	}
	for i := 0; i < 3; i++ {
		i := i
		fs = append(fs, func() int { return i * 10 })
	}
	for _, f := range fs {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	//cell
	var gs []func() int
	for i := range 3 {
		gs = append(gs, func() int { return i })
	}
	for i := range 3 {
		i += 5
		fmt.Print(i, " ")
	}
	fmt.Println(gs[0](), gs[1](), gs[2]())
	//cell
	var e error = os.ErrNotExist
	pe, isPE := e.(*os.PathError)
	fmt.Println(pe, isPE, errors.Is(e, os.ErrNotExist))
	//cell
	defer func() {
		var fs []func() int
		for i := 0; i < 2; i++ {
			fs = append(fs, func() int { return i })
		}
		fmt.Println("deferred closures", fs[0](), fs[1]())
	}()
	defer fmt.Println("deferred",
		len(xs))
	fmt.Println("body")
}
