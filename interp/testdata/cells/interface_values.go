// Values of the cells' types given to a non-empty interface by a var declaration or a
// conversion keep their methods: yaegi stored them bare (var e error = E{} printed
// {5}, error(E{}) panicked with reflect.Set), in a cell's top level and in functions.
package main

import "fmt"

type myErr struct{ code int }

func (m myErr) Error() string { return fmt.Sprint("myerr ", m.code) }

type celsius float64

func (c celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func inFunc() {
	var e error = myErr{12}
	var s fmt.Stringer = celsius(3)
	fmt.Println(e, s)
}

func main() {
	var e error = myErr{5}
	fmt.Println(e, e.Error())
	//cell
	e2 := error(myErr{6})
	var s fmt.Stringer = celsius(21.5)
	fmt.Println(e2, s)
	//cell
	inFunc()
	errs := []error{myErr{7}, error(myErr{8})}
	fmt.Println(errs[0], errs[1])
}
