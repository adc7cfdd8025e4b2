// Structs with unexported fields (issue 11, item 6): encoding/json and encoding/xml
// must skip them and keep tags, and fmt's %v and %+v must print them, for a plain
// struct, a nested one and a slice of them.
package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
)

type R struct {
	Name string `json:"name"`
	note string
}

type Item struct {
	XMLName xml.Name `xml:"item"`
	ID      int      `xml:"id,attr"`
	Title   string   `xml:"title"`
	secret  string
}

type Inner struct {
	Count int
	tag   string
}

type Outer struct {
	Label string
	in    Inner
	Items []Inner
}

func main() {
	r := R{Name: "Nas", note: "private"}
	b, err := json.Marshal(r)
	fmt.Println(string(b), err)
	fmt.Printf("%+v\n", r)
	fmt.Printf("%v\n", r)
	//cell
	x, err := xml.Marshal(Item{ID: 3, Title: "Go", secret: "s"})
	fmt.Println(string(x), err)
	//cell
	o := Outer{Label: "o", in: Inner{1, "a"}, Items: []Inner{{2, "b"}, {3, "c"}}}
	fmt.Printf("%+v\n", o)
	fmt.Printf("%v\n", o)
	fmt.Printf("%+v\n", o.Items)
	ob, err := json.Marshal(o)
	fmt.Println(string(ob), err)
	//cell
	_show(r)
}
