// reflect.TypeOf gives a value's type: Name() is the declared name (empty for
// unnamed types), Kind() the underlying kind and String() the qualified name, for
// builtin types and for types declared in the program.
package main

import (
	"fmt"
	"reflect"
)

type Celsius float64

type Point struct{ X, Y int }

type Handler func(string) error

func main() {
	for _, v := range []any{42, "s", 1.5, []int{1}, map[string]bool{}} {
		t := reflect.TypeOf(v)
		fmt.Printf("%q %v %s\n", t.Name(), t.Kind(), t.String())
	}
	//cell
	for _, v := range []any{Celsius(1), Point{}, &Point{}, Handler(nil), []Point{}} {
		t := reflect.TypeOf(v)
		fmt.Printf("%q %v %s\n", t.Name(), t.Kind(), t)
	}
	//cell
	pt := reflect.TypeOf(&Point{})
	fmt.Println(pt.Kind() == reflect.Pointer, pt.Elem().Name(), pt.Elem().Kind())
	_show(reflect.TypeOf(Celsius(0)) == reflect.TypeOf(0.0), reflect.TypeOf(Point{}).PkgPath())
}
