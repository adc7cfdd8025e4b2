// text/template executing against a program struct: fields, a method with and
// without arguments, range over a slice of structs with $index, if/else, with, and
// variables.
package main

import (
	"os"
	"strings"
	"text/template"
)

type Line struct {
	Name  string
	Price float64
	Qty   int
}

func (l Line) Total() float64 { return l.Price * float64(l.Qty) }

type Invoice struct {
	Customer string
	Lines    []Line
	Paid     bool
	Note     *string
}

func (inv Invoice) Sum() float64 {
	s := 0.0
	for _, l := range inv.Lines {
		s += l.Total()
	}
	return s
}

func (inv Invoice) Shout(s string) string { return strings.ToUpper(s) + "!" }

const text = `Invoice for {{.Customer}} ({{.Shout .Customer}})
{{range $i, $l := .Lines}}{{$i}}: {{$l.Name}} {{$l.Qty}} x {{printf "%.2f" $l.Price}} = {{printf "%.2f" .Total}}
{{end}}Sum: {{printf "%.2f" .Sum}}
{{if .Paid}}paid{{else}}unpaid{{end}}
{{with .Note}}note: {{.}}{{else}}no note{{end}}
`

func main() {
	t := template.Must(template.New("inv").Parse(text))
	inv := Invoice{Customer: "Ada", Lines: []Line{{"pen", 1.5, 4}, {"ink", 7.25, 2}}}
	if err := t.Execute(os.Stdout, inv); err != nil {
		panic(err)
	}
	//cell
	n := "rush"
	inv.Paid, inv.Note = true, &n
	inv.Lines = nil
	t.Execute(os.Stdout, inv)
}
