// The zero value of a type parameter: `var z T` and *new(T) are 0, "", nil or a zero
// struct depending on the type argument; a generic lookup returns it when missing.
package main

import "fmt"

func Zero[T any]() T {
	var z T
	return z
}

func GetOr[K comparable, V any](m map[K]V, k K) (V, bool) {
	v, ok := m[k]
	if !ok {
		return *new(V), false
	}
	return v, true
}

type Config struct {
	Name  string
	Debug bool
	Tags  []string
}

func main() {
	fmt.Println(Zero[int](), Zero[string]() == "", Zero[*Config]() == nil)
	fmt.Printf("%+v\n", Zero[Config]())
	fmt.Println(Zero[[]int]() == nil, Zero[map[string]int]() == nil)
	//cell
	m := map[string]Config{"dev": {Name: "dev", Debug: true}}
	c, ok := GetOr(m, "dev")
	fmt.Println(c.Name, c.Debug, ok)
	c, ok = GetOr(m, "prod")
	fmt.Printf("%q %v %v %v\n", c.Name, c.Debug, c.Tags == nil, ok)
	_show(Zero[float64](), Zero[any]())
}
