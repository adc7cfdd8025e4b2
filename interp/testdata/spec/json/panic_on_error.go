// A typical must-style helper panics with the error Unmarshal returns; the panic value
// is an error, printed by its Error method.
package main

import (
	"encoding/json"
	"fmt"
)

type Settings struct {
	Name  string `json:"name"`
	Level int    `json:"level"`
}

func mustParse(s string) Settings {
	var st Settings
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		panic(err)
	}
	return st
}

func main() {
	fmt.Printf("%+v\n", mustParse(`{"name":"ok","level":2}`))
	//cell
	fmt.Println("parsing the bad one")
	s := mustParse(`{"name":"bad","level":true}`)
	fmt.Println(s)
}
