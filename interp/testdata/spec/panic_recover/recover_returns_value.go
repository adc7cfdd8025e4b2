// recover, called directly by a deferred function during a panic, stops the panic and
// returns the value passed to panic; the function then returns normally.
package main

import "fmt"

func safe(f func()) (recovered any) {
	defer func() {
		recovered = recover()
	}()
	f()
	return nil
}

func main() {
	r := safe(func() { panic("boom") })
	fmt.Printf("%v %T\n", r, r)
	r = safe(func() { panic(42) })
	fmt.Printf("%v %T\n", r, r)
	r = safe(func() {})
	fmt.Printf("%v %T\n", r, r)
	//cell
	r = safe(func() { panic([]string{"a", "b"}) })
	_show(r)
}
