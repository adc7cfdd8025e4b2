// The comma-ok form of a type assertion never panics: it gives the value and true,
// or the zero value and false; asserting to an interface type checks the method set.
package main

import "fmt"

type Celsius float64

type Named interface{ Name() string }

type City struct{ name string }

func (c City) Name() string { return c.name }

func describe(v any) string {
	if c, ok := v.(Celsius); ok {
		return fmt.Sprintf("temperature %.1f", float64(c))
	}
	if n, ok := v.(Named); ok {
		return "named " + n.Name()
	}
	if s, ok := v.(string); ok {
		return "string " + s
	}
	return fmt.Sprintf("other %v", v)
}

func main() {
	var v any = City{"Lima"}
	c, ok := v.(City)
	fmt.Println(c.name, ok)
	//cell
	f, ok := v.(Celsius)
	fmt.Println(f, ok)
	//cell
	for _, x := range []any{Celsius(21.5), City{"Oslo"}, "hi", 42, nil} {
		fmt.Println(describe(x))
	}
	var w any = Celsius(3)
	_show(w.(Celsius) + 1)
}
