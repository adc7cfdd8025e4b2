package prepare

import (
	"strings"
	"testing"
)

// TestSelectsOntoReflect checks the text the select rewrite writes: operands in source
// order as the helper's arguments, sends through the element type, receives into
// variables of it on the case's line, the interpreter's own select kept where the
// rewrite cannot name a type, and lines kept.
func TestSelectsOntoReflect(t *testing.T) {
	decls := `type R struct{ n int }
var c = make(chan R)
var d = make(chan int8, 1)
var quit chan struct{}`
	for _, tc := range []struct{ cell, want string }{
		{"select {\ncase r, ok := <-c:\n\t_, _ = r, ok\ncase d <- 100:\ncase <-quit:\ndefault:\n}",
			"switch gkSel, gkRecv, gkRecvOK := __gk.Select(__gk.SelectRecv(c), __gk.SelectSend(d, &[]int8{100}[0]), __gk.SelectRecv(quit), __gk.SelectDefault()); gkSel {\n" +
				"case 0: var r R; __gk.SelectReceived(&r, gkRecv); ok := gkRecvOK;\n\t_, _ = r, ok\ncase 1:\ncase 2:\ndefault:\n}"},
		{"func f() {\n\tselect {\n\tcase _, ok := <-c:\n\t\tprintln(ok)\n\tcase <-(quit):\n\t}\n}",
			"func f() {\n\tswitch gkSel, _, gkRecvOK := __gk.Select(__gk.SelectRecv(c), __gk.SelectRecv((quit))); gkSel {\n\tcase 0: ok := gkRecvOK;\n\t\tprintln(ok)\n\tdefault:\n\t}\n}"},
		// A type declared inside the function would have to be named outside it.
		{"func g() {\n\ttype L int\n\tl := make(chan L)\n\tselect {\n\tcase v := <-l:\n\t\t_ = v\n\t}\n}",
			"func g() {\n\ttype L int\n\tl := make(chan L)\n\tselect {\n\tcase v := <-l:\n\t\t_ = v\n\t}\n}"},
		{"select {}", "select {}"},
		// A select whose cases all return ends the function; so must the switch.
		{"func h() int {\n\tselect {\n\tcase v := <-d:\n\t\treturn int(v)\n\tcase <-quit:\n\t\treturn 0\n\t}\n}",
			"func h() int {\n\tswitch gkSel, gkRecv, _ := __gk.Select(__gk.SelectRecv(d), __gk.SelectRecv(quit)); gkSel {\n\tcase 0: var v int8; __gk.SelectReceived(&v, gkRecv);\n\t\treturn int(v)\n\tdefault:\n\t\treturn 0\n\t}\n}"},
	} {
		m := newTestMonomorphizer(t, decls)
		got := m.rewrite(tc.cell, nil)
		if got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.cell, got, tc.want)
		}
		if strings.Count(got, "\n") != strings.Count(tc.cell, "\n") {
			t.Errorf("%q: lines moved: %q", tc.cell, got)
		}
	}
}
