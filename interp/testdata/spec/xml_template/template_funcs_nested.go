// text/template with a FuncMap of Go functions, pipelines, nested templates defined
// with define and called with template, and block.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"text/template"
)

type User struct {
	Name  string
	Roles []string
	Age   int
}

func main() {
	funcs := template.FuncMap{
		"upper": strings.ToUpper,
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
	}
	const src = `{{define "user"}}- {{.Name | upper}} ({{join .Roles ", "}}) next year {{add .Age 1}}
{{end}}{{range .}}{{template "user" .}}{{end}}{{block "footer" .}}{{len .}} users{{end}}
`
	t, err := template.New("list").Funcs(funcs).Parse(src)
	if err != nil {
		panic(err)
	}
	users := []User{{"ann", []string{"admin", "dev"}, 40}, {"bob", nil, 25}}
	if err := t.Execute(os.Stdout, users); err != nil {
		fmt.Println("error:", err)
	}
	//cell
	t2 := template.Must(t.Clone())
	template.Must(t2.Parse(`{{define "footer"}}total: {{len .}}{{end}}`))
	t2.Execute(os.Stdout, users)
	fmt.Println()
	var names []string
	for _, tt := range t2.Templates() {
		names = append(names, tt.Name())
	}
	sort.Strings(names)
	fmt.Println(names, t2.Lookup("nope") == nil)
}
