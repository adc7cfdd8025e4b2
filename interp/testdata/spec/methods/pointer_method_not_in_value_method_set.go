// The method set of a value type T does not contain the methods declared on *T: a T
// cannot be assigned to an interface that needs a pointer method (compile error),
// while *T can.
package main

import "fmt"

type Resetter interface{ Reset() }

type Buffer struct{ data []byte }

func (b *Buffer) Reset() { b.data = b.data[:0] }

func main() {
	b := Buffer{data: []byte("abc")}
	var r Resetter = &b
	r.Reset()
	fmt.Println(len(b.data))
	//cell
	var r2 Resetter = b
	fmt.Println(r2)
}
