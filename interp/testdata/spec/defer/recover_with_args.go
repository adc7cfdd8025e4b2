// A deferred function or method that calls recover() itself stops the panic, also
// when its arguments are evaluated at the defer and the variables change afterwards;
// recover() in a function the deferred one calls does not.
package main

import "fmt"

type guard struct{ name string }

func (g *guard) catch(step int) {
	if r := recover(); r != nil {
		fmt.Println(g.name, "recovered at step", step, ":", r)
	}
}

func handle(step int, what string) {
	if r := recover(); r != nil {
		fmt.Println("handle recovered", what, "at step", step, ":", r)
	}
}

func viaFunc() {
	step := 1
	defer handle(step, "viaFunc")
	step = 2
	panic(fmt.Sprint("boom at ", step))
}

func viaMethod() {
	g := &guard{"g1"}
	step := 10
	defer g.catch(step)
	step = 20
	g = &guard{"g2"}
	panic("method boom")
}

func viaLiteral() {
	for i := 0; i < 2; i++ {
		defer func(n int) {
			if r := recover(); r != nil {
				fmt.Println("literal", n, "recovered:", r)
				return
			}
			fmt.Println("literal", n, "found nothing")
		}(i)
	}
	panic("literal boom")
}

func helper() any { return recover() }

func indirect() (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = fmt.Sprint("outer caught ", r)
		}
	}()
	defer func() { fmt.Println("helper got", helper()) }()
	panic("indirect boom")
}

func main() {
	viaFunc()
	viaMethod()
	//cell
	viaLiteral()
	fmt.Println(indirect())
}
