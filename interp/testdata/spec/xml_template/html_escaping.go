// html/template escapes data by context: HTML text, attribute values, URLs in href,
// and JavaScript strings; template.HTML marks trusted markup.
package main

import (
	"html/template"
	"os"
)

type Page struct {
	Title   string
	Query   string
	Link    string
	Trusted template.HTML
	Items   []string
}

const src = `<h1>{{.Title}}</h1>
<a href="/search?q={{.Query}}" title="{{.Title}}">search</a>
<a href="{{.Link}}">link</a>
<script>var q = {{.Query}};</script>
{{.Trusted}}
<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
`

func main() {
	t := template.Must(template.New("page").Parse(src))
	p := Page{
		Title:   `Tom & "Jerry" <3`,
		Query:   "a b&c='d'",
		Link:    "javascript:alert(1)",
		Trusted: template.HTML("<b>bold</b>"),
		Items:   []string{"<i>x</i>", "y"},
	}
	if err := t.Execute(os.Stdout, p); err != nil {
		panic(err)
	}
	//cell
	_show(template.HTMLEscapeString("<a href='x'>"), template.JSEscapeString(`he said "hi"`))
}
