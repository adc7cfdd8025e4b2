package snapshot

import (
	"reflect"
	"testing"
)

// boxed stands for an interpreter's wrapper: the value beside a description that
// cannot be walked (a channel here, the interpreter's AST in yaegi's case).
type boxed struct {
	meta  chan int
	Value any
}

func init() {
	RegisterWrapper(Wrapper{
		Match:  func(t reflect.Type) bool { return t == reflect.TypeFor[boxed]() },
		Unwrap: func(v reflect.Value) reflect.Value { return v.Field(1).Elem() },
	})
}

func TestRegisteredWrapperIsSeenThrough(t *testing.T) {
	hash := func(x any) Sum {
		t.Helper()
		s, err := HashValue(x)
		if err != nil {
			t.Fatalf("%#v: %v", x, err)
		}
		return s
	}
	a := hash([]boxed{{make(chan int), 1}, {nil, "x"}})
	if b := hash([]boxed{{make(chan int), 1}, {make(chan int), "x"}}); a != b {
		t.Error("the wrapper's own fields count")
	}
	if c := hash([]boxed{{make(chan int), 2}, {nil, "x"}}); a == c {
		t.Error("the wrapped value does not count")
	}
	if hash(boxed{nil, nil}) == hash(boxed{nil, 0}) {
		t.Error("a nil wrapped value hashes as a zero")
	}
}
