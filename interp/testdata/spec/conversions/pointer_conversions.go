// A pointer to a named type converts to a pointer to another type with an
// identical underlying base type; the pointee is shared, not copied.
package main

import "fmt"

type Celsius float64
type Temp float64

type Config struct{ Debug bool }
type Options struct{ Debug bool }

func main() {
	c := Celsius(20)
	tp := (*Temp)(&c)
	*tp += 5
	fmt.Println(c, *tp)
	//cell
	cfg := &Config{}
	opt := (*Options)(cfg)
	opt.Debug = true
	fmt.Println(cfg.Debug)
	//cell
	fp := (*float64)(&c)
	*fp = 0
	_show(float64(c), *tp)
}
