// A case may list several expressions; the case runs if any equals the switch value.
package main

import "fmt"

func kind(r rune) string {
	switch r {
	case 'a', 'e', 'i', 'o', 'u':
		return "vowel"
	case ' ', '\t', '\n':
		return "space"
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "digit"
	}
	return "other"
}

func main() {
	for _, r := range "hi 42\tok" {
		fmt.Printf("%q:%s ", r, kind(r))
	}
	fmt.Println()
	//cell
	day := "sat"
	switch day {
	case "sat", "sun":
		fmt.Println("weekend")
	default:
		fmt.Println("weekday")
	}
}
