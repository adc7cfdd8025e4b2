// json.RawMessage delays decoding: a tagged envelope is read first and its payload
// decoded into the type the tag names.
package main

import (
	"encoding/json"
	"fmt"
)

type Envelope struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

type Circle struct{ R float64 }
type Rect struct{ W, H float64 }

type Shape interface{ Area() float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }
func (r Rect) Area() float64   { return r.W * r.H }

func decode(b []byte) (Shape, error) {
	var env Envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, err
	}
	switch env.Type {
	case "circle":
		var c Circle
		err := json.Unmarshal(env.Data, &c)
		return c, err
	case "rect":
		var r Rect
		err := json.Unmarshal(env.Data, &r)
		return r, err
	}
	return nil, fmt.Errorf("unknown type %q", env.Type)
}

func main() {
	inputs := []string{
		`{"type":"circle","data":{"R":2}}`,
		`{"type":"rect","data":{"W":3,"H":4}}`,
		`{"type":"hex","data":{}}`,
	}
	for _, in := range inputs {
		s, err := decode([]byte(in))
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%T %v %.1f\n", s, s, s.Area())
	}
	//cell
	env := Envelope{Type: "raw", Data: json.RawMessage(`{"kept":  [1, 2]}`)}
	b, _ := json.Marshal(env)
	fmt.Println(string(b))
}
