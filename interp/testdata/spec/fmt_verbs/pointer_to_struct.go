// A pointer to a struct prints as &{...} at the top level with %v and %+v, and with
// %#v as &main.T{...}; a pointer to a slice, array or map prints as &[...] or &map[...].
package main

import "fmt"

type User struct {
	Name  string
	Admin bool
}

func main() {
	u := &User{"root", true}
	fmt.Println(u)
	fmt.Printf("%v|%+v|%s\n", u, u, u)
	fmt.Printf("%#v\n", u)
	//cell
	arr := &[3]int{1, 2, 3}
	sl := &[]string{"x"}
	m := &map[string]int{"k": 1}
	fmt.Println(arr, sl, m)
	fmt.Printf("%v %+v\n", arr, m)
	//cell
	var none *User
	fmt.Println(none)
	fmt.Printf("%v %+v %s\n", none, none, none)
	_show(u, none)
}
