// json.Decoder reading a stream of values from a strings.Reader, with More and Token
// walking an array element by element, and DisallowUnknownFields rejecting a key.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

type Event struct {
	Kind string `json:"kind"`
	N    int    `json:"n"`
}

func main() {
	dec := json.NewDecoder(strings.NewReader(`{"kind":"a","n":1}
{"kind":"b","n":2} {"kind":"c","n":3}`))
	for {
		var e Event
		err := dec.Decode(&e)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Printf("%+v\n", e)
	}
	//cell
	dec = json.NewDecoder(strings.NewReader(`[{"kind":"x","n":10},{"kind":"y","n":20}]`))
	tok, err := dec.Token()
	fmt.Printf("%T %v %v\n", tok, tok, err)
	sum := 0
	for dec.More() {
		var e Event
		if err := dec.Decode(&e); err != nil {
			panic(err)
		}
		sum += e.N
	}
	tok, _ = dec.Token()
	fmt.Println(tok, sum)
	//cell
	strict := json.NewDecoder(strings.NewReader(`{"kind":"z","n":1,"extra":true}`))
	strict.DisallowUnknownFields()
	var e Event
	fmt.Println(strict.Decode(&e))
}
