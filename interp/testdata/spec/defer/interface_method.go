// Deferring a method call on an interface value evaluates the interface (its dynamic
// value) at the defer statement; reassigning the variable later changes nothing.
package main

import "fmt"

type Animal interface{ Sound() string }

type Dog struct{}
type Cat struct{}

func (Dog) Sound() string { return "woof" }
func (Cat) Sound() string { return "meow" }

func speak(a Animal) { fmt.Println(a.Sound()) }

func main() {
	var a Animal = Dog{}
	func() {
		defer speak(a)
		defer fmt.Println("method value result:", a.Sound())
		a = Cat{}
		fmt.Println("now:", a.Sound())
	}()
	//cell
	var b Animal = Cat{}
	sound := b.Sound
	b = Dog{}
	func() {
		defer func() { fmt.Println("bound:", sound()) }()
	}()
}
