// Errors from Unmarshal: syntax errors with their offset, type mismatches
// (*json.UnmarshalTypeError with the field), a non-pointer target, and Marshal of an
// unsupported value.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

type Config struct {
	Port int    `json:"port"`
	Host string `json:"host"`
}

func main() {
	var c Config
	err := json.Unmarshal([]byte(`{"port": 80,`), &c)
	fmt.Println(err)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		fmt.Println("syntax error at offset", se.Offset)
	}
	//cell
	err = json.Unmarshal([]byte(`{"port":"eighty","host":"h"}`), &c)
	fmt.Println(err)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		fmt.Println(te.Field, te.Value, te.Type)
	}
	fmt.Printf("%+v\n", c)
	//cell
	err = json.Unmarshal([]byte(`{}`), c)
	fmt.Println(err)
	err = json.Unmarshal([]byte(`nope`), &c)
	fmt.Println(err)
	//cell
	_, err = json.Marshal(math.Inf(1))
	fmt.Println(err)
	_, err = json.Marshal(map[string]any{"f": func() {}})
	fmt.Println(err)
	_, err = json.Marshal(make(chan int))
	fmt.Println(err)
}
