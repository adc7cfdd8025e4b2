// fmt's method lookup: Error is preferred to String, String is used by %v and %s but
// not by %d, GoString is used only by %#v, and the methods apply to values inside
// slices and struct fields.
package main

import (
	"fmt"
)

type Status int

func (s Status) String() string { return fmt.Sprintf("Status(%d)", int(s)) }

type Both struct{}

func (Both) String() string { return "as string" }
func (Both) Error() string  { return "as error" }

type Secret string

func (Secret) GoString() string { return `Secret("***")` }
func (Secret) String() string   { return "***" }

type Report struct {
	S   Status
	Key Secret
}

func main() {
	fmt.Printf("%v|%s|%d|%x\n", Status(3), Status(3), Status(3), Status(3))
	fmt.Println(Both{})
	//cell
	fmt.Printf("%v|%#v|%s\n", Secret("pw"), Secret("pw"), Secret("pw"))
	r := Report{Status(1), "key"}
	fmt.Printf("%v|%+v\n", r, r)
	fmt.Printf("%#v\n", r)
	//cell
	fmt.Println([]Status{1, 2}, []Both{{}})
	_show(Status(9), Both{})
}
