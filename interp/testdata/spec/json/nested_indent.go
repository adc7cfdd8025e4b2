// json.MarshalIndent of nested structs, slices of structs and maps of structs (map
// keys come out sorted), and Unmarshal of the same text back into the types.
package main

import (
	"encoding/json"
	"fmt"
)

type Address struct {
	Street string `json:"street"`
	City   string `json:"city"`
}

type Person struct {
	Name    string             `json:"name"`
	Age     int                `json:"age"`
	Home    Address            `json:"home"`
	Friends []Person           `json:"friends,omitempty"`
	Places  map[string]Address `json:"places,omitempty"`
}

func main() {
	p := Person{
		Name: "Ann",
		Age:  31,
		Home: Address{"Main St 1", "Oslo"},
		Friends: []Person{
			{Name: "Bo", Age: 29, Home: Address{City: "Bergen"}},
		},
		Places: map[string]Address{
			"work":  {"Quay 3", "Oslo"},
			"cabin": {"", "Geilo"},
		},
	}
	out, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	//cell
	var q Person
	if err := json.Unmarshal(out, &q); err != nil {
		panic(err)
	}
	fmt.Println(q.Name, q.Age, q.Home.City, len(q.Friends), q.Friends[0].Name)
	fmt.Println(q.Places["cabin"].City, q.Places["work"].Street)
	_show(q.Friends[0].Home, len(q.Places))
}
