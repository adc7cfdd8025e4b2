// A function that returns its cleanup as a func value, deferred once per loop
// iteration: every deferred cleanup runs when the function returns, last first.
package main

import "fmt"

func acquire(name string) (string, func()) {
	fmt.Println("acquire", name)
	return "handle-" + name, func() { fmt.Println("release", name) }
}

func useAll(names []string) {
	for _, name := range names {
		h, release := acquire(name)
		defer release()
		fmt.Println("using", h)
	}
	fmt.Println("all acquired")
}

func main() {
	useAll([]string{"x", "y", "z"})
	fmt.Println("done")
}
