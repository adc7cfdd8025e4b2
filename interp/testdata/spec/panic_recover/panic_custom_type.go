// Values of any type can be passed to panic; a type switch on the recovered value
// tells them apart.
package main

import "fmt"

type ValidationError struct {
	Field string
	Code  int
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid %s (code %d)", e.Field, e.Code)
}

type exitCode int

func classify(f func()) {
	defer func() {
		switch r := recover().(type) {
		case nil:
			fmt.Println("no panic")
		case *ValidationError:
			fmt.Println("validation:", r.Field, r.Code, r)
		case error:
			fmt.Println("other error:", r)
		case exitCode:
			fmt.Println("exit code", int(r))
		case string:
			fmt.Println("message:", r)
		default:
			fmt.Printf("unknown %T: %v\n", r, r)
		}
	}()
	f()
}

func main() {
	classify(func() { panic(&ValidationError{"email", 3}) })
	classify(func() { panic(fmt.Errorf("wrapped")) })
	classify(func() { panic(exitCode(2)) })
	classify(func() { panic("plain") })
	classify(func() { panic(3.5) })
	classify(func() {})
}
