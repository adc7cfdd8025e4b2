// Embedded struct fields are promoted into the outer JSON object, nil pointers marshal
// as null (or vanish with omitempty), and Unmarshal allocates pointer fields.
package main

import (
	"encoding/json"
	"fmt"
)

type Base struct {
	ID      int    `json:"id"`
	Created string `json:"created"`
}

type Meta struct {
	Note string `json:"note"`
}

type Item struct {
	Base
	*Meta
	Title  string   `json:"title"`
	Parent *Item    `json:"parent"`
	Score  *float64 `json:"score,omitempty"`
}

func main() {
	it := Item{Base: Base{ID: 5, Created: "2024-01-02"}, Title: "child"}
	b, _ := json.Marshal(it)
	fmt.Println(string(b))
	//cell
	s := 0.75
	it.Meta = &Meta{Note: "hi"}
	it.Parent = &Item{Base: Base{ID: 1}, Title: "root"}
	it.Score = &s
	b, _ = json.Marshal(it)
	fmt.Println(string(b))
	//cell
	var got Item
	err := json.Unmarshal([]byte(`{"id":8,"note":"n","title":"t","parent":{"id":3,"title":"p"},"score":2}`), &got)
	fmt.Println(err, got.ID, got.Note, got.Title, got.Parent.ID, got.Parent.Title, *got.Score, got.Parent.Parent == nil)
}
