// text/template over maps (range visits keys in sorted order), comparison functions
// eq/lt/and/or/not, index, slice and len, and whitespace trimming with {{- -}}.
package main

import (
	"os"
	"text/template"
)

type Score struct {
	Player string
	Points int
}

func main() {
	const src = `{{range $k, $v := .Totals -}}
{{$k}}={{$v}}{{if gt $v 10}} high{{else if eq $v 10}} exact{{end}}
{{end -}}
first: {{(index .Scores 0).Player}} {{index .Totals "bo"}}
{{- range .Scores}}
  {{.Player}}: {{if and (ge .Points 5) (not (eq .Player "cy"))}}ok{{else}}low{{end}}
{{- end}}
{{len .Scores}} {{slice .Word 1 3}} {{or .Empty "default"}}
`
	t := template.Must(template.New("m").Parse(src))
	data := map[string]any{
		"Totals": map[string]int{"cy": 12, "ann": 3, "bo": 10},
		"Scores": []Score{{"ann", 7}, {"cy", 9}, {"bo", 2}},
		"Word":   "golang",
		"Empty":  "",
	}
	if err := t.Execute(os.Stdout, data); err != nil {
		panic(err)
	}
}
