// xml.Encoder with Indent writing a slice of program structs, and a MarshalXML method
// on a program type controlling its element.
package main

import (
	"encoding/xml"
	"fmt"
	"os"
)

type Temp float64

func (t Temp) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "unit"}, Value: "C"})
	return e.EncodeElement(fmt.Sprintf("%.1f", float64(t)), start)
}

type Station struct {
	XMLName xml.Name `xml:"station"`
	Name    string   `xml:"name,attr"`
	Temp    Temp     `xml:"temp"`
}

func main() {
	enc := xml.NewEncoder(os.Stdout)
	enc.Indent("", " ")
	list := []Station{{Name: "north", Temp: -2.25}, {Name: "south", Temp: 18}}
	for _, s := range list {
		if err := enc.Encode(s); err != nil {
			fmt.Println("error:", err)
		}
	}
	enc.Flush()
	fmt.Println()
}
