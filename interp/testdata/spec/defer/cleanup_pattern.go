// The usual acquire/defer-release pattern: resources are released in the reverse order
// of acquisition, also when the function returns early.
package main

import (
	"errors"
	"fmt"
)

type resource struct {
	name string
	log  *[]string
}

func open(name string, log *[]string) *resource {
	*log = append(*log, "open "+name)
	return &resource{name: name, log: log}
}

func (r *resource) Close() error {
	*r.log = append(*r.log, "close "+r.name)
	return nil
}

func process(failAt int, log *[]string) error {
	a := open("a", log)
	defer a.Close()
	if failAt == 1 {
		return errors.New("failed after a")
	}
	b := open("b", log)
	defer b.Close()
	if failAt == 2 {
		return errors.New("failed after b")
	}
	*log = append(*log, "work")
	return nil
}

func main() {
	for _, fail := range []int{0, 1, 2} {
		var log []string
		err := process(fail, &log)
		fmt.Println(fail, err, log)
	}
}
