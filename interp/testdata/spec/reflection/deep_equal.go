// reflect.DeepEqual compares cell values deeply: structs with slices and maps,
// pointers by what they point to, nil vs empty slices as different, and values of
// different types as unequal.
package main

import (
	"fmt"
	"reflect"
)

type Config struct {
	Name    string
	Ports   []int
	Labels  map[string]string
	Backend *Config
}

type Celsius float64

type Fahrenheit float64

func main() {
	a := Config{"web", []int{80, 443}, map[string]string{"env": "prod"}, &Config{Name: "db"}}
	b := Config{"web", []int{80, 443}, map[string]string{"env": "prod"}, &Config{Name: "db"}}
	fmt.Println(reflect.DeepEqual(a, b))
	//cell
	b.Backend.Ports = []int{}
	fmt.Println(reflect.DeepEqual(a, b))
	b.Backend.Ports = nil
	b.Labels["env"] = "dev"
	fmt.Println(reflect.DeepEqual(a, b))
	//cell
	fmt.Println(reflect.DeepEqual([]int(nil), []int{}), reflect.DeepEqual(map[int]int{}, map[int]int{}))
	fmt.Println(reflect.DeepEqual(Celsius(1), Fahrenheit(1)), reflect.DeepEqual(Celsius(1), Celsius(1)))
	_show(reflect.DeepEqual([]Config{a}, []Config{a}), reflect.DeepEqual(1, int64(1)))
}
