// A struct with a slice field is not comparable: == on it is a compile error.
package main

import "fmt"

type Bag struct {
	Items []string
}

func main() {
	b1 := Bag{[]string{"a"}}
	b2 := Bag{[]string{"a"}}
	fmt.Println(len(b1.Items), len(b2.Items))
	//cell
	fmt.Println(b1 == b2)
}
