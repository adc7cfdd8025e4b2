// xml.Unmarshal fills attributes, chardata, nested paths and repeated elements into
// program structs, and reports a syntax error for malformed input.
package main

import (
	"encoding/xml"
	"fmt"
)

type Item struct {
	SKU  string `xml:"sku,attr"`
	Qty  int    `xml:"qty,attr"`
	Name string `xml:",chardata"`
}

type Order struct {
	XMLName  xml.Name `xml:"order"`
	Number   int      `xml:"number,attr"`
	Customer string   `xml:"customer>name"`
	City     string   `xml:"customer>city"`
	Items    []Item   `xml:"items>item"`
}

const doc = `<?xml version="1.0"?>
<order number="77">
  <customer><name>Kim</name><city>Lund</city></customer>
  <items>
    <item sku="A1" qty="2">Pen</item>
    <item sku="B2" qty="1">Pad</item>
  </items>
  <ignored>yes</ignored>
</order>`

func main() {
	var o Order
	err := xml.Unmarshal([]byte(doc), &o)
	fmt.Println(err, o.XMLName.Local, o.Number, o.Customer, o.City)
	for _, it := range o.Items {
		fmt.Printf("%s x%d %q\n", it.SKU, it.Qty, it.Name)
	}
	//cell
	var bad Order
	err = xml.Unmarshal([]byte(`<order number="1"><customer></order>`), &bad)
	fmt.Println(err)
	err = xml.Unmarshal([]byte(`<other/>`), &bad)
	fmt.Println(err)
}
