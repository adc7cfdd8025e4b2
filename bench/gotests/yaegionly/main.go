// Command yaegionly runs one Go program with yaegi alone, the way `yaegi run` does:
// a fresh interpreter with the standard library (unrestricted, plus syscall and
// unsafe, as the gokernel worker loads them) evaluates the whole file, which runs its
// main function. It is the "yaegi alone" column of bench/gotests: what the interpreter
// can do before gokernel's cell handling is involved.
//
//	yaegionly file.go
//
// The program's output goes to stdout and stderr; an evaluation error is printed as
// "yaegi: <error>" on stderr and the exit status is 1.
package main

import (
	"fmt"
	"os"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
	"github.com/traefik/yaegi/stdlib/unsafe"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: yaegionly file.go")
		os.Exit(2)
	}
	i := interp.New(interp.Options{
		Stdin:        os.Stdin,
		Stdout:       os.Stdout,
		Stderr:       os.Stderr,
		Env:          os.Environ(),
		Args:         []string{os.Args[1]},
		Unrestricted: true,
	})
	for _, exports := range []interp.Exports{stdlib.Symbols, unrestricted.Symbols, syscall.Symbols, unsafe.Symbols} {
		if err := i.Use(exports); err != nil {
			fmt.Fprintln(os.Stderr, "yaegi: load symbols:", err)
			os.Exit(2)
		}
	}
	if _, err := i.EvalPath(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "yaegi:", err)
		os.Exit(1)
	}
}
