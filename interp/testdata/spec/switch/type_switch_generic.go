// A type switch on a value of a type parameter's type, converted to any first, picks
// the case of the instantiated type.
package main

import "fmt"

func kind[T any](v T) string {
	switch any(v).(type) {
	case int:
		return "int"
	case string:
		return "string"
	case []T:
		return "slice of T"
	}
	return "other"
}

func main() {
	fmt.Println(kind(1), kind("s"), kind(2.5))
	//cell
	_show(kind([]int{1}))
}
