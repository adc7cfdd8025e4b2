// Unmarshal into map[string]any and []any: numbers become float64, objects
// map[string]any, arrays []any; UseNumber keeps json.Number instead.
package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

func main() {
	var m map[string]any
	err := json.Unmarshal([]byte(`{"n":42,"f":1.5,"s":"x","b":true,"z":null,"a":[1,"two",{"k":3}],"o":{"big":12345678901}}`), &m)
	fmt.Println(err)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Printf("%s: %T %v\n", k, m[k], m[k])
	}
	//cell
	n := m["n"].(float64)
	arr := m["a"].([]any)
	inner := arr[2].(map[string]any)
	fmt.Println(n*2, len(arr), inner["k"].(float64)+1)
	_show(m["o"])
	//cell
	dec := json.NewDecoder(strings.NewReader(`{"id":9007199254740993}`))
	dec.UseNumber()
	var v map[string]any
	dec.Decode(&v)
	num := v["id"].(json.Number)
	i, err := num.Int64()
	fmt.Println(num.String(), i, err)
	//cell
	var x any
	json.Unmarshal([]byte(`[1, 2.5, "x"]`), &x)
	fmt.Printf("%T %v\n", x, x)
}
