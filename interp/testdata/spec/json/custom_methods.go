// MarshalJSON and UnmarshalJSON methods on program types: a value-receiver
// MarshalJSON is used for values and pointers, a pointer-receiver UnmarshalJSON is
// used when decoding into fields, and TextMarshaler types work as map keys.
package main

import (
	"encoding/json"
	"fmt"
	"strings"
)

type Celsius float64

func (c Celsius) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`"%.1fC"`, float64(c))), nil
}

func (c *Celsius) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	var f float64
	_, err := fmt.Sscanf(strings.TrimSuffix(s, "C"), "%g", &f)
	*c = Celsius(f)
	return err
}

type Color int

func (c Color) MarshalText() ([]byte, error) {
	return []byte([]string{"red", "green", "blue"}[c]), nil
}

type Reading struct {
	Where string   `json:"where"`
	Temp  Celsius  `json:"temp"`
	Max   *Celsius `json:"max"`
}

func main() {
	m := Celsius(30)
	r := Reading{"Rome", 21.25, &m}
	b, err := json.Marshal(r)
	fmt.Println(string(b), err)
	//cell
	var back Reading
	err = json.Unmarshal([]byte(`{"where":"Oslo","temp":"-3.5C","max":"4.0C"}`), &back)
	fmt.Println(err, back.Where, float64(back.Temp), float64(*back.Max))
	//cell
	counts := map[Color]int{2: 5, 0: 1}
	b, err = json.Marshal(counts)
	fmt.Println(string(b), err)
	b, _ = json.Marshal([]Celsius{1, 2.5})
	fmt.Println(string(b))
}
