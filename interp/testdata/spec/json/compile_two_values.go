// json.Marshal returns two values, so using its result where one value is expected
// fails to compile.
package main

import (
	"encoding/json"
	"fmt"
)

type Msg struct {
	Text string `json:"text"`
}

func main() {
	b, err := json.Marshal(Msg{"hi"})
	fmt.Println(string(b), err)
	//cell
	s := string(json.Marshal(Msg{"again"}))
	fmt.Println(s)
}
