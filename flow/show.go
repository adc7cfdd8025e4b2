package flow

import "fmt"

// Show prints the values of what was a cell's trailing expression in the notebook,
// which showed them; in a program they go to stdout, one line, as fmt.Println
// prints them.
func Show(values ...any) { fmt.Println(values...) }
