package display

import (
	"reflect"
	"strings"
	"testing"
)

// A struct type the way the interpreter builds one for a cell's
// type row struct{ Name string; secret string; Xreal int }: every name exported,
// the unexported one tagged by the kernel.
var cellRow = reflect.StructOf([]reflect.StructField{
	{Name: "Name", Type: reflect.TypeFor[string]()},
	{Name: "Xsecret", Type: reflect.TypeFor[string](), Tag: `gokernel:"unexported" json:"-" xml:"-"`},
	{Name: "Xreal", Type: reflect.TypeFor[int]()},
})

func TestTableHidesCellUnexportedFields(t *testing.T) {
	rows := reflect.MakeSlice(reflect.SliceOf(cellRow), 1, 1)
	rows.Index(0).Field(0).SetString("a")
	rows.Index(0).Field(1).SetString("hidden")
	rows.Index(0).Field(2).SetInt(7)
	for _, v := range []any{rows.Interface(), rows.Index(0).Interface()} {
		text := TableBundle(v).Data[MIMEText].(string)
		if strings.Contains(text, "secret") || strings.Contains(text, "hidden") {
			t.Errorf("unexported field shown:\n%s", text)
		}
		if !strings.Contains(text, "Name") || !strings.Contains(text, "Xreal") {
			t.Errorf("exported fields missing:\n%s", text)
		}
	}
}
