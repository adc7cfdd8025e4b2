// Raw string literals: backquoted text is taken verbatim, backslashes have no
// special meaning, newlines are kept, and carriage returns are discarded.
package main

import "fmt"

func main() {
	raw := `a\nb\t"c"`
	fmt.Println(raw, len(raw))
	//cell
	multi := `line one
    line two (spaces kept)
line three`
	fmt.Println(multi)
	fmt.Println(len(multi))
	//cell
	pattern := `^\d+\.\d+$`
	fmt.Println(pattern)
	fmt.Println(`\u00e9` == "\\u00e9")
	_show(`x\y`, "x\\y")
}
