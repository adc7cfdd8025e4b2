// Embedding a named non-struct type (a slice type with methods) promotes its
// methods; the embedded field is named by the type and holds the slice.
package main

import (
	"fmt"
	"strings"
)

type Lines []string

func (l Lines) Joined() string { return strings.Join(l, "/") }

func (l *Lines) Add(s string) { *l = append(*l, s) }

type Page struct {
	Title string
	Lines
}

func main() {
	var p Page
	p.Title = "notes"
	p.Add("one")
	p.Add("two")
	fmt.Println(p.Title, p.Joined(), len(p.Lines))
	//cell
	p.Lines = append(p.Lines, "three")
	fmt.Println(p.Joined(), p.Lines[2])
	fmt.Printf("%+v\n", p)
	_show(p.Lines)
}
