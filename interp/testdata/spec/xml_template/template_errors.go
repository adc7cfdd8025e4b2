// text/template errors: a parse error, an exec error for a missing field of a struct,
// missingkey=error on a map, and a method that returns an error.
package main

import (
	"errors"
	"fmt"
	"os"
	"text/template"
)

type Acct struct {
	Owner string
}

func (a Acct) Balance() (int, error) {
	return 0, errors.New("account frozen")
}

func main() {
	_, err := template.New("bad").Parse("{{.Owner")
	fmt.Println(err)
	//cell
	t := template.Must(template.New("t").Parse("owner={{.Owner}} x={{.Missing}}\n"))
	err = t.Execute(os.Stdout, Acct{"Li"})
	fmt.Println()
	fmt.Println(err)
	//cell
	m := template.Must(template.New("m").Option("missingkey=error").Parse("{{.a}} {{.b}}\n"))
	err = m.Execute(os.Stdout, map[string]int{"a": 1})
	fmt.Println()
	fmt.Println(err)
	//cell
	b := template.Must(template.New("b").Parse("balance: {{.Balance}}\n"))
	err = b.Execute(os.Stdout, Acct{"Li"})
	fmt.Println()
	fmt.Println(err)
}
