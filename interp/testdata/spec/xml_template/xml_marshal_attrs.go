// encoding/xml MarshalIndent of a struct with XMLName, attributes (,attr), character
// data (,chardata), nested elements with a>b paths, omitempty and comments.
package main

import (
	"encoding/xml"
	"fmt"
)

type Title struct {
	Lang string `xml:"lang,attr"`
	Text string `xml:",chardata"`
}

type Book struct {
	XMLName xml.Name `xml:"book"`
	ID      string   `xml:"id,attr"`
	Title   Title    `xml:"title"`
	Authors []string `xml:"authors>author"`
	Year    int      `xml:"year,omitempty"`
	Note    string   `xml:",comment"`
	Skip    string   `xml:"-"`
}

func main() {
	b := Book{ID: "b1", Title: Title{"en", "Go & You"}, Authors: []string{"Ann", "Bo"}, Year: 2020, Note: " first ", Skip: "x"}
	out, err := xml.MarshalIndent(b, "", "  ")
	fmt.Println(string(out), err)
	//cell
	b2 := Book{ID: "b2", Title: Title{Text: "<none>"}}
	out, _ = xml.Marshal(b2)
	fmt.Println(xml.Header + string(out))
}
