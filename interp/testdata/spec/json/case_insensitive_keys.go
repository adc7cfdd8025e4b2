// Unmarshal matches object keys to fields case-insensitively, prefers an exact match,
// ignores unknown keys, and leaves fields absent from the input untouched.
package main

import (
	"encoding/json"
	"fmt"
)

type User struct {
	UserName string
	Email    string `json:"email"`
	Level    int
	Active   bool
}

func main() {
	u := User{Level: 3, Active: true}
	err := json.Unmarshal([]byte(`{"username":"kim","EMAIL":"k@x.org","unknown":1}`), &u)
	fmt.Printf("%+v %v\n", u, err)
	//cell
	var v User
	json.Unmarshal([]byte(`{"Level":1,"level":2}`), &v)
	fmt.Println(v.Level)
	//cell
	type Wrapper struct {
		Users []User `json:"users"`
		Total int    `json:"total"`
	}
	var w Wrapper
	err = json.Unmarshal([]byte(`{"users":[{"UserName":"a"},{"UserName":"b","Active":true}],"total":2}`), &w)
	fmt.Println(err, w.Total, w.Users[1].UserName, w.Users[1].Active)
	b, _ := json.Marshal(w)
	_show(string(b))
}
