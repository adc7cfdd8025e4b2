package interp

import (
	"errors"
	"testing"
)

func TestPanicMessage(t *testing.T) {
	cases := []struct {
		value            any
		op               string
		name, msg        string
		atLine, atColumn int
	}{
		{errors.New("reflect: slice index out of range"), "getIndexArray", "runtime error", "index out of range", 0, 0},
		{errors.New("reflect: slice index out of range"), "callBin", "panic", "reflect: slice index out of range", 0, 0},
		{errors.New("3:8: interface conversion: interface {} is string, not int"), "typeAssert", "runtime error", "interface conversion: interface {} is string, not int", 3, 8},
		{errors.New("2:5: interface conversion: nil is not main.I"), "typeAssert", "runtime error", "interface conversion: interface is nil, not main.I", 2, 5},
		{errors.New("reflect: cannot convert slice with length 3 to pointer to array with length 4"), "convert", "runtime error",
			"cannot convert slice with length 3 to array or pointer to array with length 4", 0, 0},
		{errors.New("reflect: call of reflect.Value.Field on zero Value"), "getPtrIndexSeq", "runtime error", "invalid memory address or nil pointer dereference", 0, 0},
		{errors.New("send on closed channel"), "_panic", "panic", "send on closed channel", 0, 0},
		{"boom", "_panic", "panic", "boom", 0, 0},
	}
	for _, c := range cases {
		name, msg, l, col := panicMessage(c.value, c.op)
		if name != c.name || msg != c.msg || l != c.atLine || col != c.atColumn {
			t.Errorf("panicMessage(%q, %s) = %s, %q, %d:%d; want %s, %q, %d:%d", c.value, c.op, name, msg, l, col, c.name, c.msg, c.atLine, c.atColumn)
		}
	}
}
