// reflect.TypeFor[T] gives the type T without a value: builtin and composite types
// (String and Kind), interfaces such as error, and types of the program (Kind and
// NumField); also from a generic function of the program with its type parameter.
package main

import (
	"fmt"
	"reflect"
)

type Account struct {
	ID      int
	Owner   string
	Balance float64
}

type Level int

// KindOf reports the kind of T.
func KindOf[T any]() reflect.Kind {
	return reflect.TypeFor[T]().Kind()
}

// Fields counts the fields of T, or -1 when T is no struct.
func Fields[T any]() int {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return -1
	}
	return t.NumField()
}

func main() {
	for _, t := range []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[string](), reflect.TypeFor[float64](), reflect.TypeFor[[]byte](), reflect.TypeFor[map[string][]int]()} {
		fmt.Println(t.String(), t.Kind())
	}
	fmt.Println(reflect.TypeFor[*int]().Elem().Kind(), reflect.TypeFor[func(int) error]().NumIn())
	//cell
	e := reflect.TypeFor[error]()
	fmt.Println(e.String(), e.Kind(), e.NumMethod())
	fmt.Println(reflect.TypeFor[any]().Kind(), reflect.TypeFor[fmt.Stringer]().String())
	//cell
	fmt.Println(reflect.TypeFor[Account]().Kind(), reflect.TypeFor[Account]().NumField())
	fmt.Println(reflect.TypeFor[*Account]().Kind(), reflect.TypeFor[*Account]().Elem().NumField())
	fmt.Println(reflect.TypeFor[Level]().Kind(), reflect.TypeFor[[]Account]().Elem().Kind())
	//cell
	fmt.Println(KindOf[int](), KindOf[Account](), KindOf[[]Level](), KindOf[error]())
	_show(Fields[Account](), Fields[string](), Fields[struct{ A, B, C bool }]())
}
