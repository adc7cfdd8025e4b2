package interp

import (
	"reflect"
	"testing"
)

func TestTypeNamesApply(t *testing.T) {
	inner := reflect.StructOf([]reflect.StructField{{Name: "X", Type: reflect.TypeFor[int]()}})
	outer := reflect.StructOf([]reflect.StructField{{Name: "In", Type: inner}, {Name: "N", Type: reflect.TypeFor[string]()}})
	twin := reflect.StructOf([]reflect.StructField{{Name: "A", Type: reflect.TypeFor[bool]()}})
	n := newTypeNames()
	n.add(inner, "In")
	n.add(outer, "Out")
	n.add(twin, "One")
	n.add(twin, "Other") // two cell types of the same fields: neither is named
	n.add(reflect.TypeFor[float64](), "Celsius")
	for _, c := range []struct{ in, want string }{
		{inner.String(), "main.In"},
		{"[]" + outer.String() + "{" + outer.String() + "{In:" + inner.String() + "{X:1}, N:\"a\"}}", `[]main.Out{main.Out{In:main.In{X:1}, N:"a"}}`},
		{"*" + inner.String(), "*main.In"},
		{twin.String(), twin.String()},
		{"float64", "float64"},
	} {
		if got := n.apply(c.in); got != c.want {
			t.Errorf("apply(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	var none *typeNames
	if got := none.apply(inner.String()); got != inner.String() {
		t.Errorf("a nil registry renamed %q to %q", inner.String(), got)
	}
}
