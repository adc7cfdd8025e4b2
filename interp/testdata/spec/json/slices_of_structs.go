// Marshal and Unmarshal of slices and maps of program struct types, including nil vs
// empty slices (null vs []), arrays, and decoding into an existing slice.
package main

import (
	"encoding/json"
	"fmt"
)

type Point struct {
	X, Y int
}

type Path struct {
	Name   string
	Points []Point
	Box    [2]Point
	ByName map[string]Point
}

func main() {
	var p Path
	b, _ := json.Marshal(p)
	fmt.Println(string(b))
	p.Points = []Point{}
	p.ByName = map[string]Point{}
	b, _ = json.Marshal(p)
	fmt.Println(string(b))
	//cell
	p = Path{"tri", []Point{{0, 0}, {3, 0}, {0, 4}}, [2]Point{{0, 0}, {3, 4}}, map[string]Point{"b": {1, 1}, "a": {2, 2}}}
	b, _ = json.Marshal(p)
	fmt.Println(string(b))
	//cell
	pts := []Point{{9, 9}, {8, 8}, {7, 7}}
	err := json.Unmarshal([]byte(`[{"X":1},{"Y":2}]`), &pts)
	fmt.Println(pts, len(pts), err)
	var paths []Path
	err = json.Unmarshal([]byte(`[{"Name":"a","Points":[{"X":1,"Y":2}]},{"Name":"b","Box":[{"X":5}]}]`), &paths)
	fmt.Printf("%+v %v\n", paths, err)
}
