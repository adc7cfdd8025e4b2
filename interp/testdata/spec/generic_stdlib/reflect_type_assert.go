// reflect.TypeAssert[T] (Go 1.25) takes a reflect.Value's content as a T, like
// v.Interface().(T): ints, strings, a struct type of the program, interfaces, a failed
// assertion's zero value and false; from a generic function of the program too.
package main

import (
	"fmt"
	"reflect"
)

type Money struct {
	Cents    int64
	Currency string
}

func (m Money) String() string {
	return fmt.Sprintf("%d.%02d %s", m.Cents/100, m.Cents%100, m.Currency)
}

// FieldAs returns field i of a struct as a T.
func FieldAs[T any](v any, i int) (T, bool) {
	return reflect.TypeAssert[T](reflect.ValueOf(v).Field(i))
}

func main() {
	n, ok := reflect.TypeAssert[int](reflect.ValueOf(7))
	fmt.Println(n, ok)
	s, ok := reflect.TypeAssert[string](reflect.ValueOf(7))
	fmt.Printf("%q %v\n", s, ok)
	f, ok := reflect.TypeAssert[float64](reflect.ValueOf([]float64{2.5}).Index(0))
	fmt.Println(f, ok)
	//cell
	m := Money{1999, "EUR"}
	got, ok := reflect.TypeAssert[Money](reflect.ValueOf(m))
	fmt.Println(got.Cents, got.Currency, ok)
	st, ok := reflect.TypeAssert[fmt.Stringer](reflect.ValueOf(m))
	fmt.Println(st.String(), ok)
	_, ok = reflect.TypeAssert[error](reflect.ValueOf(m))
	fmt.Println(ok)
	//cell
	cur, ok := FieldAs[string](m, 1)
	fmt.Println(cur, ok)
	c, ok := FieldAs[int](m, 0)
	fmt.Println(c, ok)
	p := &Money{5, "USD"}
	pm, ok := reflect.TypeAssert[*Money](reflect.ValueOf(p))
	_show(pm == p, ok, pm.Cents)
}
