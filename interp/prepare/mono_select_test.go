package prepare

import (
	"strings"
	"testing"
)

// TestSelectsOntoReflect checks the text the select rewrite writes: operands in source
// order as the helper's arguments, sends through the element type, receives into
// variables of it on the case's line, the interpreter's own select kept where the
// rewrite cannot name a type and at the cell's top level, and lines kept.
func TestSelectsOntoReflect(t *testing.T) {
	decls := `type R struct{ n int }
var c = make(chan R)
var d = make(chan int8, 1)
var quit chan struct{}`
	for _, tc := range []struct{ cell, want string }{
		{"func s() {\nselect {\ncase r, ok := <-c:\n\t_, _ = r, ok\ncase d <- 100:\ncase <-quit:\ndefault:\n}}",
			"func s() {\n{ gkRecv0, gkRecvOK := new(R), new(bool); switch __gk.Select(\"vsrdo\", c, gkRecv0, d, &[]int8{100}[0], quit, gkRecvOK) {\n" +
				"case 0: r, ok := *gkRecv0, *gkRecvOK;\n\t_, _ = r, ok\ncase 1:\ncase 2:\ndefault:\n}}}"},
		// At the top level of the cell, outside functions, the select is yaegi's.
		{"select {\ncase r := <-c:\n\t_ = r\ndefault:\n}", "select {\ncase r := <-c:\n\t_ = r\ndefault:\n}"},
		// ... but for a break in a case, which yaegi takes out of the loop around it.
		{"for {\nselect {\ncase r := <-c:\n\t_ = r\n\tbreak\n}\n}",
			"for {\n{ gkRecv0 := new(R); switch __gk.Select(\"v\", c, gkRecv0) {\ndefault: r := *gkRecv0;\n\t_ = r\n\tbreak\n}}\n}"},
		{"func f() {\n\tselect {\n\tcase _, ok := <-c:\n\t\tprintln(ok)\n\tcase <-(quit):\n\t}\n}",
			"func f() {\n\t{ gkRecvOK := new(bool); switch __gk.Select(\"rro\", c, (quit), gkRecvOK) {\n\tcase 0: ok := *gkRecvOK;\n\t\tprintln(ok)\n\tdefault:\n\t}}\n}"},
		// A type declared inside the function would have to be named outside it.
		{"func g() {\n\ttype L int\n\tl := make(chan L)\n\tselect {\n\tcase v := <-l:\n\t\t_ = v\n\t}\n}",
			"func g() {\n\ttype L int\n\tl := make(chan L)\n\tselect {\n\tcase v := <-l:\n\t\t_ = v\n\t}\n}"},
		{"select {}", "select {}"},
		// A select whose cases all return ends the function; so must the switch.
		{"func h() int {\n\tselect {\n\tcase v := <-d:\n\t\treturn int(v)\n\tcase <-quit:\n\t\treturn 0\n\t}\n}",
			"func h() int {\n\t{ gkRecv0 := new(int8); switch __gk.Select(\"vr\", d, gkRecv0, quit) {\n\tcase 0: v := *gkRecv0;\n\t\treturn int(v)\n\tdefault:\n\t\treturn 0\n\t}}\n}"},
		// A label moves onto the switch inside the block; a label a goto names keeps
		// the select as it is.
		{"func k() {\nL:\n\tselect {\n\tcase v := <-d:\n\t\t_ = v\n\t\tbreak L\n\t}\n}",
			"func k() {\n{ gkRecv0 := new(int8); L:\n\tswitch __gk.Select(\"v\", d, gkRecv0) {\n\tdefault: v := *gkRecv0;\n\t\t_ = v\n\t\tbreak L\n\t}}\n}"},
		{"func g2() {\nL:\n\tselect {\n\tcase v := <-d:\n\t\t_ = v\n\t\tgoto L\n\t}\n}",
			"func g2() {\nL:\n\tselect {\n\tcase v := <-d:\n\t\t_ = v\n\t\tgoto L\n\t}\n}"},
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
