// A struct satisfies an interface through promoted methods. Embedding T promotes T's
// value methods to S and *T's methods only to *S; embedding *T promotes both to S.
package main

import "fmt"

type Namer interface{ Name() string }

type Renamer interface {
	Namer
	Rename(string)
}

type Tag struct{ name string }

func (t Tag) Name() string       { return t.name }
func (t *Tag) Rename(new string) { t.name = new }

type ByValue struct{ Tag }

type ByPointer struct{ *Tag }

func main() {
	var n Namer = ByValue{Tag{"v"}}
	fmt.Println(n.Name())
	//cell
	bv := &ByValue{Tag{"old"}}
	var r Renamer = bv
	r.Rename("new")
	fmt.Println(r.Name(), bv.name)
	//cell
	bp := ByPointer{&Tag{"p"}}
	var r2 Renamer = bp
	r2.Rename("q")
	fmt.Println(r2.Name(), bp.Name())
	//cell
	_, ok := any(ByValue{}).(Renamer)
	_, ok2 := any(&ByValue{}).(Renamer)
	_, ok3 := any(ByPointer{}).(Renamer)
	_show(ok, ok2, ok3)
}
