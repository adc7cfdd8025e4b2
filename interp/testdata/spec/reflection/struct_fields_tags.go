// Walking a struct type with reflect: NumField, each field's name, type, tag
// (Tag.Get and Tag.Lookup), whether it is exported and embedded, and the field
// values through reflect.ValueOf.
package main

import (
	"fmt"
	"reflect"
)

type Base struct {
	ID int `json:"id"`
}

type Product struct {
	Base
	Name  string  `json:"name" db:"product_name"`
	Price float64 `json:"price,omitempty"`
	note  string
}

func main() {
	t := reflect.TypeOf(Product{})
	fmt.Println(t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Printf("%s %s json=%q exported=%v anonymous=%v\n", f.Name, f.Type, f.Tag.Get("json"), f.IsExported(), f.Anonymous)
	}
	//cell
	f, _ := t.FieldByName("Name")
	db, ok := f.Tag.Lookup("db")
	_, ok2 := f.Tag.Lookup("xml")
	fmt.Println(db, ok, ok2, f.Tag)
	//cell
	v := reflect.ValueOf(Product{Base{7}, "pen", 1.5, "n"})
	for i := 0; i < v.NumField()-1; i++ {
		fmt.Println(t.Field(i).Name, v.Field(i).Interface())
	}
	_show(v.FieldByName("ID").Int())
}
