package interp

import (
	"reflect"
	"testing"
)

func TestIsNilValue(t *testing.T) {
	var err error
	cases := []struct {
		vals []reflect.Value
		want bool
	}{
		{[]reflect.Value{reflect.Zero(reflect.TypeFor[any]())}, true},
		{[]reflect.Value{reflect.ValueOf(&err).Elem()}, true},
		{[]reflect.Value{reflect.ValueOf(0)}, false},
		{[]reflect.Value{reflect.Zero(reflect.TypeFor[any]()), reflect.ValueOf(1)}, false},
	}
	for i, c := range cases {
		if got := isNilValue(c.vals); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}
