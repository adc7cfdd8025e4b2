// encoding/json Marshal honours struct tags: renamed keys, omitempty, "-" and the
// ",string" option, and leaves unexported fields out.
package main

import (
	"encoding/json"
	"fmt"
)

type Product struct {
	ID       int      `json:"id"`
	Name     string   `json:"name"`
	Price    float64  `json:"price,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Secret   string   `json:"-"`
	Count    int64    `json:"count,string"`
	internal int
	Plain    bool
}

func main() {
	p := Product{ID: 1, Name: "lamp", Price: 12.5, Tags: []string{"home"}, Secret: "x", Count: 7, internal: 3, Plain: true}
	b, err := json.Marshal(p)
	fmt.Println(string(b), err)
	//cell
	empty := Product{ID: 2, Name: "box"}
	b, _ = json.Marshal(empty)
	fmt.Println(string(b))
	//cell
	var back Product
	err = json.Unmarshal([]byte(`{"id":9,"name":"cup","count":"42","Secret":"no","-":"dash"}`), &back)
	fmt.Printf("%+v %v\n", back, err)
}
